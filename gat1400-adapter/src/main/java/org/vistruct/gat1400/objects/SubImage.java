package org.vistruct.gat1400.objects;

/**
 * One SubImageInfo of an object: its picture (Data, decoded) or where to fetch it (StoragePath),
 * with the type code that says which picture it is.
 *
 * @param type       ImageType code: 01 vehicle big picture, 02 plate, 09 vehicle close-up, 10 person, 11 face, 12 non-motor vehicle, 14 scene
 * @param shotTime   when it was taken (UTC ms), or null
 * @param data       the picture's bytes, or null when it is to be fetched from storagePath
 * @param feature    a FeatureInfoObject carried with it, or null
 */
public record SubImage(String imageId, String deviceId, String type, String fileFormat, Long shotTime, Integer width, Integer height, byte[] data,
                       String storagePath, Feature feature) {
    /** A FeatureInfoObject: which algorithm made the feature, and the feature (base64 in the JSON). */
    public record Feature(String vendor, String algorithmVersion, byte[] data) {}

    public static final String VEHICLE_BIG = "01", PLATE = "02", VEHICLE_CLOSE_UP = "09", PERSON = "10", FACE = "11", NON_MOTOR = "12", SCENE = "14";
}
