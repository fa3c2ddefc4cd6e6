package org.vistruct.analytics.city;

/**
 * The size of a synthetic city and what is planted in it.
 *
 * @param side       checkpoints per side of the square road grid (side² checkpoints, 800 m apart)
 * @param vehicles   ordinary vehicles (commuters daily, every second or every third day)
 * @param days       days generated, the first at {@code start}
 * @param clones     plates carried by two cars at once, far apart, in different colours
 * @param companions pairs of cars where one follows the other wherever it goes
 * @param nightOnly  cars that drive only at night
 * @param newcomers  cars first seen in the last week (首次入城)
 * @param frequent   cars looping around a block all day
 * @param burglars   cars at three scenes within their time windows (区域碰撞), and as many decoys at two
 */
public record CityPlan(int side, int vehicles, int days, long start, long seed, int clones, int companions, int nightOnly, int newcomers, int frequent,
                       int burglars) {
    public CityPlan {
        if (side < 6) throw new IllegalArgumentException("side: at least 6 (the collision scenes need corners apart)");
        if (days < 3) throw new IllegalArgumentException("days: at least 3");
    }

    /** The city the benchmark asks for: 529 checkpoints, 200,000 vehicles, about 1.3 million passes a day (39,165,834 in 30 days), 30 days. */
    public static CityPlan city(long start, int days) {
        return new CityPlan(23, 200_000, days, start, 42, 200, 200, 200, 500, 200, 20);
    }

    /** A town for tests: 100 checkpoints, 8,000 vehicles. */
    public static CityPlan town(long start, int days) {
        return new CityPlan(10, 8_000, days, start, 7, 40, 30, 30, 40, 30, 8);
    }

    public int checkpoints() { return side * side; }
}
