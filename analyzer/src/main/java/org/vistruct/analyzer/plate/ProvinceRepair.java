package org.vistruct.analyzer.plate;

import org.vistruct.core.PlateGrammar;

/**
 * Gives a reading that lost its province one back, or marks the province unreadable. PP-OCRv4
 * sometimes drops the province (reading {@code AB1234} for 皖AB1234) or reads it as a letter;
 * LPRNet, trained on plates that always have one, writes a province even for a plate cut off before
 * it. So: when PP-OCRv4's reading lacks only its province and there is room for one left of the
 * issuing-office letter, the province is the one both recognisers' probabilities at that place
 * support (summed); the configured local provinces only break near ties; when the evidence is weak
 * or there is no room, the province is written {@code -} (as GA/T 1400 writes an unreadable
 * character) and the reading stays invalid, so its reliability stays low.
 */
public final class ProvinceRepair {
    /** Summed probability (of two recognisers, so up to 2) a province needs to be written. */
    static final float MIN_EVIDENCE = 0.5f;
    /** A runner-up within this share of the best is a near tie, which a local province wins. */
    static final float NEAR_TIE = 0.8f;
    /**
     * Mean character probability above which PP-OCRv4's reading is taken as what the picture shows:
     * a sure reading of five characters is a plate cut short, an unsure one (0.55-0.65 where
     * LPRNet read the slideshow's plates right) is noise.
     */
    static final float SURE = 0.75f;
    /** What GA/T 1400 writes for a character that could not be read. */
    public static final char UNREAD = '-';

    private final String local;

    /** @param localProvinces provinces this deployment mostly sees (e.g. its own and its neighbours), preferred in near ties; may be empty */
    public ProvinceRepair(String localProvinces) {
        this.local = requireProvinces(localProvinces);
    }

    /** The text, when every character of it is a province; fails naming the first that is not. */
    public static String requireProvinces(String provinces) {
        for (char c : provinces.toCharArray()) {
            if (PlateGrammar.PROVINCES.indexOf(c) < 0) throw new IllegalArgumentException("not a province: '" + c + "' in '" + provinces + "'");
        }
        return provinces;
    }

    /**
     * PP-OCRv4's reading with its province recovered or written {@code -}; null when its reading is
     * not one that a province in front would make valid.
     */
    PlateReading repair(Recognition ocr, Recognition lprNet) {
        ProvinceSlot slot = ocr.province();
        if (slot == null || !slot.repairable()) return null;
        float confidence = ocr.reading().confidence();
        if (!slot.room()) return unread(slot.rest(), confidence, "pp-ocrv4, province cut off");
        float[] score = slot.scores().clone();
        if (lprNet.province() != null) {
            for (int k = 0; k < score.length; k++) score[k] += lprNet.province().scores()[k];
        }
        int best = 0, second = -1;
        for (int k = 1; k < score.length; k++) {
            if (score[k] > score[best]) {
                second = best;
                best = k;
            } else if (second < 0 || score[k] > score[second]) {
                second = k;
            }
        }
        if (score[best] < MIN_EVIDENCE) return unread(slot.rest(), confidence, "pp-ocrv4, province unsure");
        int pick = best;
        if (second >= 0 && score[second] >= NEAR_TIE * score[best] && isLocal(second) && !isLocal(best)) pick = second;
        String plate = PlateGrammar.PROVINCES.charAt(pick) + slot.rest();
        return new PlateReading(plate, confidence * Math.min(1f, score[pick]), PlateGrammar.isValid(plate), "pp-ocrv4+province");
    }

    /**
     * LPRNet's reading with its province written {@code -} unless PP-OCRv4 leaves room for it:
     * LPRNet writes a province (and fills a plate cut short) whatever it sees, so only the other
     * recogniser can say the place is empty. A valid reading keeps its province where PP-OCRv4 read
     * one, read nothing, read a plate without its province after a character's width of room, or
     * read something else but was unsure of it (then it says nothing of where the plate ends) or
     * surely read as many characters after such room; an invalid reading only where PP-OCRv4 read
     * a province too.
     */
    PlateReading unseenProvinceRemoved(PlateReading lprNet, Recognition ocr) {
        String text = lprNet.text();
        if (text.isEmpty() || PlateGrammar.PROVINCES.indexOf(text.charAt(0)) < 0) return lprNet;
        ProvinceSlot slot = ocr.province();
        boolean supported;
        if (slot == null) supported = lprNet.valid();
        else if (slot.provinceRead()) supported = true;
        else if (slot.repairable()) supported = lprNet.valid() && slot.room(); // a plate without its province: room decides
        else supported = lprNet.valid() && (ocr.reading().confidence() < SURE || slot.room() && slot.rest().length() >= text.length() - 1);
        return supported ? lprNet : unread(text.substring(1), lprNet.confidence(), "lprnet, province unseen");
    }

    private boolean isLocal(int province) { return local.indexOf(PlateGrammar.PROVINCES.charAt(province)) >= 0; }

    private static PlateReading unread(String rest, float confidence, String reader) {
        return new PlateReading(UNREAD + rest, confidence, false, reader);
    }
}
