package org.vistruct.analytics.city;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What was planted in a synthetic city, for scoring the tactics.
 *
 * @param companions   leader plate → follower plate
 * @param newcomers    plate → the day (0-based) it was first seen
 * @param frequentArea plate of a looping car → the devices of its block
 * @param scenes       the three collision windows: devices, from, to
 * @param decoys       plates seen in only two of the three scenes
 * @param stays        for a few daily commuters, plate → the devices at home and at work (where it stops for hours)
 */
public record GroundTruth(Set<String> clones, Map<String, String> companions, Set<String> nightOnly, Map<String, Integer> newcomers,
                          Map<String, Set<String>> frequentArea, List<Scene> scenes, Set<String> burglars, Set<String> decoys, Map<String, Set<String>> stays,
                          long passes) {
    public record Scene(Set<String> devices, long from, long to) {}
}
