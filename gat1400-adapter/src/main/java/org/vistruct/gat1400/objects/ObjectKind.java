package org.vistruct.gat1400.objects;

import org.vistruct.core.RecordType;

/**
 * The object types exchanged, with their GA/T 1400 names: resource path, list and object names,
 * id member, and the SubscribeDetail code under which they are subscribed to.
 */
public enum ObjectKind {
    MOTOR_VEHICLE(RecordType.MotorVehicle, "MotorVehicles", "MotorVehicleListObject", "MotorVehicleObject", "MotorVehicleID", "13", "MotorVehicleObjectList"),
    FACE(RecordType.Face, "Faces", "FaceListObject", "FaceObject", "FaceID", "12", "FaceObjectList"),
    PERSON(RecordType.Person, "Persons", "PersonListObject", "PersonObject", "PersonID", "11", "PersonObjectList"),
    NON_MOTOR_VEHICLE(RecordType.NonMotorVehicle, "NonMotorVehicles", "NonMotorVehicleListObject", "NonMotorVehicleObject", "NonMotorVehicleID", "14",
            "NonMotorVehicleObjectList");

    private final RecordType type;
    private final String resource, listName, objectName, idField, subscribeCode, notificationList;

    ObjectKind(RecordType type, String resource, String listName, String objectName, String idField, String subscribeCode, String notificationList) {
        this.type = type;
        this.resource = resource;
        this.listName = listName;
        this.objectName = objectName;
        this.idField = idField;
        this.subscribeCode = subscribeCode;
        this.notificationList = notificationList;
    }

    public RecordType type() { return type; }

    /** The path under /VIID/, e.g. MotorVehicles. */
    public String resource() { return resource; }

    public String listName() { return listName; }

    public String objectName() { return objectName; }

    public String idField() { return idField; }

    /** The SubscribeDetail code of this kind (13 motor vehicles, 12 faces, 11 persons, 14 non-motor vehicles). */
    public String subscribeCode() { return subscribeCode; }

    /** The member of a SubscribeNotificationObject that carries objects of this kind. */
    public String notificationList() { return notificationList; }

    public static ObjectKind of(RecordType t) {
        for (ObjectKind k : values()) if (k.type == t) return k;
        throw new IllegalArgumentException("no GA/T 1400 object kind for " + t);
    }

    public static ObjectKind ofResource(String resource) {
        for (ObjectKind k : values()) if (k.resource.equals(resource)) return k;
        return null;
    }

    public static ObjectKind ofSubscribeCode(String code) {
        for (ObjectKind k : values()) if (k.subscribeCode.equals(code)) return k;
        return null;
    }
}
