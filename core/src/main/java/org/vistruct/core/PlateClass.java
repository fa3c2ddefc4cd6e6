package org.vistruct.core;

/**
 * GA 24.7 plate kinds (号牌种类) that can be told from a plate's colour and characters.
 * New-energy (gradient green) plates are PlateColor 9 (green) with PlateClass 52.
 */
public enum PlateClass {
    LARGE("01", "大型汽车号牌"), SMALL("02", "小型汽车号牌"), EMBASSY("03", "使馆汽车号牌"),
    CONSULATE("04", "领馆汽车号牌"), TRAILER("15", "挂车号牌"), COACH("16", "教练汽车号牌"),
    POLICE("23", "警用汽车号牌"), HONG_KONG("26", "香港入出境车"), MACAU("27", "澳门入出境车"),
    NEW_ENERGY_SMALL("52", "小型新能源汽车号牌"), OTHER("99", "其他号牌");

    private final String code;
    private final String chinese;

    PlateClass(String code, String chinese) {
        this.code = code;
        this.chinese = chinese;
    }

    public String code() { return code; }

    public String chinese() { return chinese; }

    public static PlateClass ofCode(String code) {
        for (PlateClass c : values()) if (c.code.equals(code)) return c;
        return OTHER;
    }

    /** The plate kind from the recognised text and the colour the classifier reported. */
    public static PlateClass of(String plateNo, ColorCode color) {
        if (plateNo != null && !plateNo.isEmpty()) {
            switch (plateNo.charAt(plateNo.length() - 1)) {
                case '警': return POLICE;
                case '学': return COACH;
                case '挂': return TRAILER;
                case '港': return HONG_KONG;
                case '澳': return MACAU;
                case '使': return EMBASSY;
                case '领': return CONSULATE;
                default: break;
            }
        }
        if (color == null) return OTHER;
        return switch (color) {
            case BLUE -> SMALL;
            case YELLOW -> LARGE;
            case GREEN -> NEW_ENERGY_SMALL;
            default -> OTHER;
        };
    }
}
