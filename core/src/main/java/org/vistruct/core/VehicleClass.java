package org.vistruct.core;

/**
 * GA/T 16.4 vehicle classes that vistruct reports, and the one table that maps the detector's
 * coarse class and the attribute model's type onto them (documented in docs/ARCHITECTURE.md).
 */
public enum VehicleClass {
    K11("K11", "大型普通客车"),
    K31("K31", "小型普通客车"),
    K33("K33", "小型轿车"),
    H21("H21", "中型普通货车"),
    M21("M21", "普通二轮摩托车"),
    X99("X99", "其他");

    private final String code;
    private final String chinese;

    VehicleClass(String code, String chinese) {
        this.code = code;
        this.chinese = chinese;
    }

    public String code() { return code; }

    public String chinese() { return chinese; }

    public static VehicleClass parse(String s) {
        for (VehicleClass v : values()) if (v.code.equalsIgnoreCase(s.trim()) || v.chinese.equals(s.trim())) return v;
        throw new IllegalArgumentException("unknown vehicle class '" + s + "': use one of K11, K31, K33, H21, M21, X99");
    }

    /**
     * The mapping table. The detector's bus/truck/motorcycle classes decide on their own (they are
     * seen from any side); for a detected car the attribute model's type refines it: car → K33,
     * van → K31, bus → K11, truck → H21.
     *
     * @param detectorClass COCO class name from the detector: car, bus, truck, motorcycle, or null
     * @param attributeType type from the vehicle-attributes model: car, bus, truck, van, or null
     */
    public static VehicleClass map(String detectorClass, String attributeType) {
        if ("motorcycle".equals(detectorClass)) return M21;
        if ("bus".equals(detectorClass)) return K11;
        if ("truck".equals(detectorClass)) return H21;
        if (attributeType == null) return "car".equals(detectorClass) ? K33 : X99;
        return switch (attributeType) {
            case "car" -> K33;
            case "van" -> K31;
            case "bus" -> K11;
            case "truck" -> H21;
            default -> X99;
        };
    }
}
