package org.vistruct.core;

/**
 * GA 24.4 vehicle classes (机动车车辆类型) that vistruct reports and takes in, and the one table that maps the detector's
 * coarse class and the attribute model's type onto them (documented in docs/ARCHITECTURE.md).
 */
public enum VehicleClass {
    K11("K11", "大型普通客车"),
    K31("K31", "小型普通客车"),
    K33("K33", "小型轿车"),
    H21("H21", "中型普通货车"),
    M21("M21", "普通二轮摩托车"),
    X99("X99", "其他"),
    // the rest of GA 24.4, so checkpoint cameras' classes are kept as sent (vistruct's own analysis reports only the six above)
    K12("K12", "大型双层客车"),
    K13("K13", "大型卧铺客车"),
    K14("K14", "大型铰接客车"),
    K15("K15", "大型越野客车"),
    K16("K16", "大型轿车"),
    K17("K17", "大型专用客车"),
    K21("K21", "中型普通客车"),
    K22("K22", "中型双层客车"),
    K23("K23", "中型卧铺客车"),
    K24("K24", "中型铰接客车"),
    K25("K25", "中型越野客车"),
    K26("K26", "中型轿车"),
    K27("K27", "中型专用客车"),
    K32("K32", "小型越野客车"),
    K34("K34", "小型专用客车"),
    K41("K41", "微型普通客车"),
    K42("K42", "微型越野客车"),
    K43("K43", "微型轿车"),
    H11("H11", "重型普通货车"),
    H12("H12", "重型厢式货车"),
    H13("H13", "重型封闭货车"),
    H14("H14", "重型罐式货车"),
    H15("H15", "重型平板货车"),
    H16("H16", "重型集装厢车"),
    H17("H17", "重型自卸货车"),
    H18("H18", "重型特殊结构货车"),
    H19("H19", "重型仓栅式货车"),
    H22("H22", "中型厢式货车"),
    H23("H23", "中型封闭货车"),
    H24("H24", "中型罐式货车"),
    H25("H25", "中型平板货车"),
    H26("H26", "中型集装厢车"),
    H27("H27", "中型自卸货车"),
    H28("H28", "中型特殊结构货车"),
    H29("H29", "中型仓栅式货车"),
    H31("H31", "轻型普通货车"),
    H32("H32", "轻型厢式货车"),
    H33("H33", "轻型封闭货车"),
    H34("H34", "轻型罐式货车"),
    H35("H35", "轻型平板货车"),
    H37("H37", "轻型自卸货车"),
    H38("H38", "轻型特殊结构货车"),
    H39("H39", "轻型仓栅式货车"),
    H41("H41", "微型普通货车"),
    H42("H42", "微型厢式货车"),
    H43("H43", "微型封闭货车"),
    H44("H44", "微型罐式货车"),
    H45("H45", "微型自卸货车"),
    H46("H46", "微型特殊结构货车"),
    H47("H47", "微型仓栅式货车"),
    H51("H51", "普通低速货车"),
    H52("H52", "厢式低速货车"),
    H53("H53", "罐式低速货车"),
    H54("H54", "自卸低速货车"),
    H55("H55", "仓栅式低速货车"),
    Q11("Q11", "重型半挂牵引车"),
    Q12("Q12", "重型全挂牵引车"),
    Q21("Q21", "中型半挂牵引车"),
    Q22("Q22", "中型全挂牵引车"),
    Q31("Q31", "轻型半挂牵引车"),
    Q32("Q32", "轻型全挂牵引车"),
    Z11("Z11", "大型专项作业车"),
    Z21("Z21", "中型专项作业车"),
    Z31("Z31", "小型专项作业车"),
    Z41("Z41", "微型专项作业车"),
    Z51("Z51", "重型专项作业车"),
    Z71("Z71", "轻型专项作业车"),
    D11("D11", "无轨电车"),
    D12("D12", "有轨电车"),
    M11("M11", "普通正三轮摩托车"),
    M12("M12", "轻便正三轮摩托车"),
    M13("M13", "正三轮载客摩托车"),
    M14("M14", "正三轮载货摩托车"),
    M15("M15", "侧三轮摩托车"),
    M22("M22", "轻便二轮摩托车"),
    N11("N11", "三轮汽车"),
    T11("T11", "大型轮式拖拉机"),
    T21("T21", "小型轮式拖拉机"),
    T22("T22", "手扶拖拉机"),
    T23("T23", "手扶变形运输机"),
    J11("J11", "轮式装载机械"),
    J12("J12", "轮式挖掘机械"),
    J13("J13", "轮式平地机械"),
    B11("B11", "重型普通半挂车"),
    B21("B21", "中型普通半挂车"),
    B31("B31", "轻型普通半挂车"),
    G11("G11", "重型普通全挂车"),
    G21("G21", "中型普通全挂车"),
    G31("G31", "轻型普通全挂车");

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
        throw new IllegalArgumentException("unknown vehicle class '" + s + "': use a GA 24.4 code such as K33, K31, K11, H21, M21 or X99");
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
