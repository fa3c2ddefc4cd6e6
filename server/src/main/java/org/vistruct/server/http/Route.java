package org.vistruct.server.http;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One endpoint: method, path template ({name} for one segment, {name...} for the rest), the least
 * role allowed (null: no token needed), whether calls are audited, and the handler.
 */
public record Route(String method, String template, Role role, boolean audited, Handler handler) {
    /** Serves one request; throws {@link ApiException} for caller errors. */
    @FunctionalInterface
    public interface Handler {
        ApiResponse handle(ApiRequest request) throws Exception;
    }

    Pattern pattern() {
        String regex = template.replaceAll("\\{([a-zA-Z]+)\\.\\.\\.}", "(?<$1>.+)").replaceAll("\\{([a-zA-Z]+)}", "(?<$1>[^/]+)");
        return Pattern.compile("^" + regex + "$");
    }

    /** The path parameters when the path fits this route, else null. */
    Map<String, String> match(Pattern p, String path) {
        Matcher m = p.matcher(path);
        if (!m.matches()) return null;
        Map<String, String> params = new HashMap<>();
        Matcher names = Pattern.compile("\\{([a-zA-Z]+)(\\.\\.\\.)?}").matcher(template);
        while (names.find()) params.put(names.group(1), m.group(names.group(1)));
        return params;
    }
}
