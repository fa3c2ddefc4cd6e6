package org.vistruct.analytics;

import java.time.ZoneId;

/**
 * The bounds and thresholds investigations run with (analytics.* in the configuration).
 *
 * @param maxRangeDays       the longest time range a question may cover
 * @param maxQueryMs         a question running longer is cut with "too broad"
 * @param maxPasses          a question reading more passes is cut with "too broad"
 * @param minPlateReliability plates read less reliably are left out of the rules they would poison
 * @param topSpeedKmh        the speed no vehicle exceeds between two devices, for travel times not learned
 * @param learnPercentile    the percentile of observed travel times taken as a pair's minimum
 * @param learnMinSamples    observations a pair needs before its learned time is used
 * @param conflictWindowMs   two readings of one plate this close in time must agree in colour and class
 * @param minAttributeReliability colour and class readings below this do not count as conflicting
 * @param cloneHorizonMs     how long the real-time check remembers a plate's last pass
 */
public record AnalyticsSettings(ZoneId zone, int maxRangeDays, long maxQueryMs, long maxPasses, int minPlateReliability, double topSpeedKmh,
                                double learnPercentile, int learnMinSamples, long conflictWindowMs, int minAttributeReliability, long cloneHorizonMs) {
    public AnalyticsSettings {
        if (maxRangeDays < 1 || maxRangeDays > 366) throw new IllegalArgumentException("analytics.max-range-days must be 1-366, was " + maxRangeDays);
        if (maxQueryMs < 100) throw new IllegalArgumentException("analytics.max-query-s must be at least 0.1 s");
        if (topSpeedKmh < 10 || topSpeedKmh > 1000) throw new IllegalArgumentException("analytics.top-speed-kmh must be 10-1000, was " + topSpeedKmh);
        if (learnPercentile <= 0 || learnPercentile >= 50) throw new IllegalArgumentException("analytics.learn-percentile must be above 0 and below 50");
    }

    public static AnalyticsSettings defaults(ZoneId zone) {
        return new AnalyticsSettings(zone, 31, 30_000, 200_000_000L, 80, 150, 1, 20, 30 * 60_000L, 70, 6 * 3_600_000L);
    }
}
