package org.vistruct.analyzer.plate;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.vistruct.core.ColorCode;
import org.vistruct.core.PlateGrammar;

/** Province repair and plate-colour rules on hand-made recogniser outputs (no model). */
class ProvinceRepairTest {
    private static final String[] CHARS = charset();

    /** blank, the provinces, letters and digits: one class per character. */
    private static String[] charset() {
        String all = PlateGrammar.PROVINCES + "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
        String[] out = new String[all.length() + 1];
        for (int i = 0; i < all.length(); i++) out[i + 1] = String.valueOf(all.charAt(i));
        return out;
    }

    /**
     * A time-major probability output that emits {@code text} one character every {@code pitch}
     * steps from step {@code first}, blanks elsewhere, and gives {@code province} the probability
     * {@code p} on the steps before the first character.
     */
    private static Recognition recognise(String text, int first, int pitch, char province, float p) {
        int steps = first + pitch * text.length() + 2, classes = CHARS.length;
        float[] probs = new float[steps * classes];
        for (int t = 0; t < steps; t++) probs[t * classes] = 1f;
        for (int i = 0; i < text.length(); i++) {
            int t = first + i * pitch, c = indexOf(text.charAt(i));
            probs[t * classes] = 0f;
            probs[t * classes + c] = 1f;
        }
        if (province != 0) {
            for (int t = 0; t < first; t++) {
                probs[t * classes] = 1f - p;
                probs[t * classes + indexOf(province)] = p;
            }
        }
        CtcDecoder.Decoded d = CtcDecoder.decode(probs, steps, classes, true, false, CHARS);
        return new Recognition(OcrPlateRecognizer.toPlate(d, "ocr"),
                ProvinceSlot.of(d, probs, steps, classes, true, false, ProvinceSlot.provinceClasses(CHARS)));
    }

    private static int indexOf(char c) {
        for (int i = 1; i < CHARS.length; i++) if (CHARS[i].charAt(0) == c) return i;
        throw new IllegalArgumentException(String.valueOf(c));
    }

    @Test
    void aMissedProvinceWithRoomIsTakenFromBothRecognisersScores() {
        Recognition ocr = recognise("AB1234", 4, 3, '皖', 0.2f); // letter 1.33 pitches from the left
        Recognition lpr = recognise("皖AB1234", 1, 3, '\0', 0f);
        assertTrue(ocr.province().room());
        assertTrue(ocr.province().repairable());
        PlateReading r = new ProvinceRepair("").repair(ocr, lpr);
        assertEquals("皖AB1234", r.text());
        assertTrue(r.valid());
    }

    @Test
    void noRoomLeftOfTheLetterMeansTheProvinceWasCutOff() {
        Recognition ocr = recognise("AB1234", 1, 3, '\0', 0f); // letter 0.33 pitches from the left
        Recognition lpr = recognise("吉AB1234", 1, 3, '\0', 0f); // LPRNet writes one anyway
        assertFalse(ocr.province().room());
        PlateReading r = new ProvinceRepair("").repair(ocr, lpr);
        assertEquals("-AB1234", r.text());
        assertFalse(r.valid());
        PlateReading second = new ProvinceRepair("").unseenProvinceRemoved(lpr.reading(), ocr);
        assertEquals("-AB1234", second.text(), "LPRNet's province is not in the picture either");
    }

    @Test
    void weakEvidenceGivesADashNotAGuess() {
        Recognition ocr = recognise("AB1234", 4, 3, '皖', 0.1f);
        Recognition lpr = recognise("AB1234", 4, 3, '苏', 0.2f);
        assertEquals("-AB1234", new ProvinceRepair("").repair(ocr, lpr).text());
    }

    @Test
    void theLocalPriorOnlyBreaksNearTies() {
        Recognition ocr = recognise("AB1234", 4, 3, '苏', 0.50f);
        Recognition lpr = recognise("AB1234", 4, 3, '皖', 0.45f);
        assertEquals("苏AB1234", new ProvinceRepair("").repair(ocr, lpr).text());
        assertEquals("皖AB1234", new ProvinceRepair("皖浙").repair(ocr, lpr).text(), "a near tie goes to the local province");
        Recognition ocrWeaklyAnhui = recognise("AB1234", 4, 3, '皖', 0.30f);
        Recognition lprNetSureOfJiangsu = recognise("苏AB1234", 1, 3, '\0', 0f);
        assertEquals("苏AB1234", new ProvinceRepair("皖浙").repair(ocrWeaklyAnhui, lprNetSureOfJiangsu).text(), "a clear winner stays");
        assertThrows(IllegalArgumentException.class, () -> new ProvinceRepair("皖X"));
    }

    @Test
    void aLetterWhereTheProvinceStandsIsAMisreadProvince() {
        Recognition ocr = recognise("GAB1234", 2, 3, '\0', 0f);
        Recognition lpr = recognise("皖AB1234", 1, 3, '\0', 0f);
        assertEquals("AB1234", ocr.province().rest());
        assertEquals("皖AB1234", new ProvinceRepair("").repair(ocr, lpr).text());
    }

    @Test
    void aReadingWithItsProvinceIsLeftAlone() {
        Recognition ocr = recognise("浙AB1234", 1, 3, '\0', 0f);
        assertTrue(ocr.province().provinceRead());
        assertNull(new ProvinceRepair("").repair(ocr, ocr));
    }

    @Test
    void plateColoursHoldToTheLayout() {
        float[] saysGreen = {0.10f, 0.85f, 0.05f}; // blue, green, yellow
        assertEquals(ColorCode.GREEN, PlateColorClassifier.choose(saysGreen, true).color());
        PlateColorClassifier.Result notGreen = PlateColorClassifier.choose(saysGreen, false);
        assertEquals(ColorCode.BLUE, notGreen.color());
        assertEquals(0.10f / 0.15f, notGreen.confidence(), 1e-5);
        assertEquals(ColorCode.YELLOW, PlateColorClassifier.colorFromCharacters("皖A1234学"));
        assertEquals(ColorCode.YELLOW, PlateColorClassifier.colorFromCharacters("皖A1234挂"));
        assertEquals(ColorCode.WHITE, PlateColorClassifier.colorFromCharacters("皖A1234警"));
        assertEquals(ColorCode.BLACK, PlateColorClassifier.colorFromCharacters("粤ZP560港"));
        assertNull(PlateColorClassifier.colorFromCharacters("皖A12345"));
        assertTrue(PlateGrammar.isNewEnergy("苏ED51712"));
        assertFalse(PlateGrammar.isNewEnergy("皖AB1234"));
    }
}
