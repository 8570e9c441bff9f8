package io.tunstack.app.observe;

import io.tunstack.stack.profile.ProfileCounters;
import java.util.Map;

/**
 * What each host profile did, for the metrics endpoint: read from the metrics thread, added up over the queues.
 */
@FunctionalInterface
public interface ProfileCountSource {

    /** No profiles. */
    ProfileCountSource NONE = Map::of;

    /**
     * The counts by profile name, each indexed by {@link ProfileCounters.Effect#ordinal()}; the profiles in force
     * first, in a stable order.
     */
    Map<String, long[]> counts();
}
