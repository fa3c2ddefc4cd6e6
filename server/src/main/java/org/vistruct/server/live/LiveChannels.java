package org.vistruct.server.live;

import java.util.List;
import java.util.Map;

/** The live channels this node (alone) or the cluster analyses, as the streams API sees them. */
public interface LiveChannels extends AutoCloseable {
    /** Starts a channel unless it runs already; its view. */
    Map<String, Object> start(String deviceId, String channelId, String transport, boolean continuous);

    boolean stop(String deviceId, String channelId);

    /** Analyses a recording of a channel once (epoch seconds). */
    Map<String, Object> playback(String deviceId, String channelId, String transport, long start, long end);

    /** Every channel with its state and counters. */
    List<Map<String, Object>> views();

    /** The sessions running on this node, with their counters (for metrics: no database read). */
    default List<Map<String, Object>> localViews() { return views(); }

    /** Sessions running on this node (for the heartbeat). */
    int running();

    @Override
    void close();
}
