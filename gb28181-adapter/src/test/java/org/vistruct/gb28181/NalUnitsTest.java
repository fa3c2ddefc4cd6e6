package org.vistruct.gb28181;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.vistruct.gb28181.media.NalUnits;

class NalUnitsTest {
    @Test
    void anAnnexBStreamSplitsAtItsAccessUnitDelimiters() {
        byte[] aud = {0, 0, 0, 1, 0x09, (byte) 0xF0};
        byte[] idr = {0, 0, 1, 0x65, 1, 2, 3};
        byte[] p = {0, 0, 0, 1, 0x41, 4, 5};
        byte[] es = concat(aud, idr, aud, p, aud, p);
        List<byte[]> aus = NalUnits.accessUnits(es, false);
        assertEquals(3, aus.size());
        assertArrayEquals(concat(aud, idr), aus.get(0), "each access unit with its delimiter and start codes");
        assertTrue(NalUnits.isKeyframe(aus.get(0), false));
        assertFalse(NalUnits.isKeyframe(aus.get(1), false));
        assertArrayEquals(concat(aud, p), aus.get(2));
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] b : parts) out.writeBytes(b);
        return out.toByteArray();
    }
}
