package org.vistruct.decoder;

/**
 * How sources are decoded.
 *
 * @param sampling which frames go to analysis
 * @param hwaccel  "none", or "cuda" for NVDEC through FFmpeg's cuvid decoders (falls back to CPU)
 * @param threads  decoder threads; 0 lets FFmpeg choose
 */
public record DecodeOptions(Sampling sampling, String hwaccel, int threads) {
    public DecodeOptions {
        if (!hwaccel.equals("none") && !hwaccel.equals("cuda")) {
            throw new IllegalArgumentException("decoder.hwaccel must be 'none' or 'cuda', was '" + hwaccel + "'");
        }
        if (threads < 0 || threads > 64) throw new IllegalArgumentException("decoder.threads must be 0-64, was " + threads);
    }

    public static DecodeOptions defaults() { return new DecodeOptions(Sampling.rate(4), "none", 0); }
}
