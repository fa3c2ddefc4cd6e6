package org.vistruct.gat1400.disposition;

import java.io.IOException;
import java.util.List;

/**
 * Where dispositions become watch-list entries: the server's alert pipeline, whose hits go to the
 * disposition's ReceiveAddr as DispositionNotifications.
 */
public interface DispositionBook {
    /** Creates (or replaces) the watch entries of a disposition and its delivery to ReceiveAddr. */
    void dispose(Disposition d) throws IOException;

    /** Cancels a disposition; false when there is none of this id made by this sender. */
    boolean cancel(String id, String sender) throws IOException;

    /** The ids of the dispositions in force, by the sender that made them. */
    List<String> ids(String sender) throws IOException;
}
