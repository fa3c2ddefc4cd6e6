package org.vistruct.analytics;

import java.util.BitSet;
import org.vistruct.core.MotorVehicle;
import org.vistruct.index.PassAttributes;
import org.vistruct.index.PassView;

/**
 * Which readings of a plate the rules may trust: a plate that was read at all (not 无车牌, no
 * unread '-' characters) with enough reliability. Unreadable plates would make every car without
 * a plate one "vehicle" seen everywhere: a clone, a companion of everyone. Counts what it left out.
 */
final class Readability {
    private final PassView view;
    private final int minReliability;
    private final BitSet checked = new BitSet(), unreadable = new BitSet();
    long excluded;

    Readability(PassView view, int minReliability) {
        this.view = view;
        this.minReliability = minReliability;
    }

    /** Whether the pass may be used; counts it as left out when not. */
    boolean accept(int plate, long attributes) {
        if (PassAttributes.plateReliability(attributes) < minReliability || !readable(plate)) {
            excluded++;
            return false;
        }
        return true;
    }

    private boolean readable(int plate) {
        if (!checked.get(plate)) {
            checked.set(plate);
            if (!readable(view.plate(plate))) unreadable.set(plate);
        }
        return !unreadable.get(plate);
    }

    static boolean readable(String plate) {
        return plate != null && !plate.isEmpty() && !MotorVehicle.NO_PLATE.equals(plate) && plate.indexOf('-') < 0 && plate.length() >= 7;
    }
}
