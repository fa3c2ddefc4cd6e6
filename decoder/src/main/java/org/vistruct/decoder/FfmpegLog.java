package org.vistruct.decoder;

import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** FFmpeg's own log lines go to SLF4J (debug), not straight to the console. */
final class FfmpegLog extends LogCallback {
    private static final Logger log = LoggerFactory.getLogger("ffmpeg");
    private static final FfmpegLog INSTANCE = new FfmpegLog();

    static void install() {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        avutil.setLogCallback(INSTANCE.retainReference());
    }

    @Override
    public void call(int level, BytePointer msg) {
        if (log.isDebugEnabled()) log.debug("{}", msg.getString().trim());
    }

    /** FFmpeg's text for an error code, e.g. "Invalid data found when processing input". */
    static String describe(String javacvMessage) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("error (-\\d+)").matcher(javacvMessage == null ? "" : javacvMessage);
        if (!m.find()) return javacvMessage;
        byte[] buf = new byte[256];
        avutil.av_strerror(Integer.parseInt(m.group(1)), buf, buf.length);
        int n = 0;
        while (n < buf.length && buf[n] != 0) n++;
        return new String(buf, 0, n, java.nio.charset.StandardCharsets.UTF_8);
    }
}
