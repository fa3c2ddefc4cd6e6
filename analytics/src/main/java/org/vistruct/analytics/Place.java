package org.vistruct.analytics;

/** Where a device stands: its id, a name investigators know it by, and WGS-84 degrees. */
public record Place(String deviceId, String name, double longitude, double latitude) {
    public Place {
        if (deviceId == null || deviceId.isBlank()) throw new IllegalArgumentException("device id: empty");
        if (!(longitude >= -180 && longitude <= 180)) throw new IllegalArgumentException("longitude of " + deviceId + ": " + longitude + " is not within -180..180");
        if (!(latitude >= -90 && latitude <= 90)) throw new IllegalArgumentException("latitude of " + deviceId + ": " + latitude + " is not within -90..90");
    }

    /** Great-circle distance in metres (haversine; exact enough within a city). */
    public double metresTo(Place o) {
        double r = 6_371_008.8, p1 = Math.toRadians(latitude), p2 = Math.toRadians(o.latitude);
        double dp = p2 - p1, dl = Math.toRadians(o.longitude - longitude);
        double h = Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
        return 2 * r * Math.asin(Math.min(1, Math.sqrt(h)));
    }
}
