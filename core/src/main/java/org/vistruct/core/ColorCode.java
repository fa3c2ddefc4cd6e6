package org.vistruct.core;

/** GA/T 1400 colour codes, used for PlateColor and VehicleColor. */
public enum ColorCode {
    BLACK(1, "黑"), WHITE(2, "白"), GREY(3, "灰"), RED(4, "红"), BLUE(5, "蓝"), YELLOW(6, "黄"),
    ORANGE(7, "橙"), BROWN(8, "棕"), GREEN(9, "绿"), PURPLE(10, "紫"), CYAN(11, "青"), PINK(12, "粉"),
    TRANSPARENT(13, "透明"), OTHER(99, "其他");

    private final int code;
    private final String chinese;

    ColorCode(int code, String chinese) {
        this.code = code;
        this.chinese = chinese;
    }

    public int code() { return code; }

    public String chinese() { return chinese; }

    public static ColorCode ofCode(int code) {
        for (ColorCode c : values()) if (c.code == code) return c;
        throw new IllegalArgumentException("no GA/T 1400 colour code " + code);
    }

    /** Parses a code number, an English name (blue) or a Chinese name (蓝). */
    public static ColorCode parse(String s) {
        String t = s.trim();
        if (t.chars().allMatch(Character::isDigit) && !t.isEmpty()) return ofCode(Integer.parseInt(t));
        for (ColorCode c : values()) {
            if (c.name().equalsIgnoreCase(t) || c.chinese.equals(t) || (c == GREY && t.equalsIgnoreCase("gray"))) return c;
        }
        throw new IllegalArgumentException("unknown colour '" + s + "': use a GA/T 1400 code (1-13, 99), an English or a Chinese colour name");
    }
}
