package org.vistruct.index.opensearch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import org.vistruct.core.MotorVehicle;
import org.vistruct.core.RecordType;
import org.vistruct.index.PlatePattern;
import org.vistruct.index.RecordQuery;
import org.vistruct.index.RecordScan;

/**
 * The OpenSearch query DSL for vistruct's questions, as filters (no scoring): the same meaning as the
 * embedded index's Lucene queries. Plate patterns use the wildcard query, whose * and ? are the
 * pattern's own.
 */
final class QueryDsl {
    private final ObjectMapper json;

    QueryDsl(ObjectMapper json) { this.json = json; }

    /** A bool query whose filter array is returned for adding to; the query is {@code holder}. */
    ObjectNode bool(ObjectNode holder) { return holder.putObject("bool"); }

    ObjectNode of(RecordQuery q) {
        ObjectNode query = json.createObjectNode();
        ObjectNode bool = bool(query);
        ArrayNode filter = bool.putArray("filter");
        if (!q.types().isEmpty()) filter.add(terms(RecordDocument.TYPE, q.types().stream().map(RecordType::name).toList()));
        if (q.plate() != null && !q.plate().text().equals("*")) {
            filter.add(plate(q.plate()));
        } else if (q.plate() != null) {
            filter.add(term(RecordDocument.TYPE, RecordType.MotorVehicle.name())); // "*": any vehicle that carries a plate
            bool.putArray("must_not").add(term(RecordDocument.PLATE, MotorVehicle.NO_PLATE));
        }
        if (q.plateColor() != null) filter.add(term(RecordDocument.PLATE_COLOR, Integer.toString(q.plateColor().code())));
        if (q.vehicleColor() != null) filter.add(term(RecordDocument.VEHICLE_COLOR, Integer.toString(q.vehicleColor().code())));
        if (q.vehicleClass() != null) filter.add(term(RecordDocument.VEHICLE_CLASS, q.vehicleClass().code()));
        deviceAndTime(filter, q.deviceIds(), q.from(), q.to());
        return query;
    }

    ObjectNode of(RecordScan scan) {
        ObjectNode query = json.createObjectNode();
        ObjectNode bool = bool(query);
        ArrayNode filter = bool.putArray("filter");
        if (!scan.types().isEmpty()) filter.add(terms(RecordDocument.TYPE, scan.types().stream().map(RecordType::name).toList()));
        if (!scan.devices().isEmpty()) {
            ObjectNode any = json.createObjectNode();
            ArrayNode should = any.putObject("bool").put("minimum_should_match", 1).putArray("should");
            for (String p : scan.devices()) should.add(devicePattern(p));
            filter.add(any);
        }
        if (!scan.exceptDevices().isEmpty()) {
            ArrayNode not = bool.putArray("must_not");
            for (String p : scan.exceptDevices()) not.add(devicePattern(p));
        }
        if (scan.before() != null) filter.add(range(RecordDocument.TIME, null, scan.before()));
        if (scan.onlyWithScene()) filter.add(term(RecordDocument.HAS_SCENE, true));
        return query;
    }

    void deviceAndTime(ArrayNode filter, Collection<String> devices, Long from, Long to) {
        if (!devices.isEmpty()) filter.add(terms(RecordDocument.DEVICE, devices));
        if (from != null || to != null) filter.add(range(RecordDocument.TIME, from, to));
    }

    ObjectNode plate(PlatePattern p) {
        if (p.isExact()) return term(RecordDocument.PLATE, p.text());
        ObjectNode q = json.createObjectNode();
        q.putObject("wildcard").putObject(RecordDocument.PLATE).put("value", p.text());
        return q;
    }

    private ObjectNode devicePattern(String p) {
        if (p.equals("*")) {
            ObjectNode all = json.createObjectNode();
            all.putObject("match_all");
            return all;
        }
        if (!p.endsWith("*")) return term(RecordDocument.DEVICE, p);
        ObjectNode q = json.createObjectNode();
        q.putObject("prefix").putObject(RecordDocument.DEVICE).put("value", p.substring(0, p.length() - 1));
        return q;
    }

    ObjectNode term(String field, String value) {
        ObjectNode q = json.createObjectNode();
        q.putObject("term").put(field, value);
        return q;
    }

    ObjectNode term(String field, boolean value) {
        ObjectNode q = json.createObjectNode();
        q.putObject("term").put(field, value);
        return q;
    }

    ObjectNode terms(String field, Collection<String> values) {
        ObjectNode q = json.createObjectNode();
        ArrayNode a = q.putObject("terms").putArray(field);
        values.forEach(a::add);
        return q;
    }

    /** from inclusive, to exclusive; either may be null. */
    ObjectNode range(String field, Long from, Long to) {
        ObjectNode q = json.createObjectNode();
        ObjectNode r = q.putObject("range").putObject(field);
        if (from != null) r.put("gte", from);
        if (to != null) r.put("lt", to);
        return q;
    }
}
