package org.vistruct.metadata;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/** Prepared statements with positional arguments: the little JDBC every table class needs. */
final class Sql {
    /** Maps the current row. */
    @FunctionalInterface
    interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    private Sql() {}

    static int update(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        }
    }

    static <T> List<T> list(Connection c, String sql, Row<T> row, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                List<T> out = new ArrayList<>();
                while (rs.next()) out.add(row.map(rs));
                return out;
            }
        }
    }

    /** The first row, or null. */
    static <T> T one(Connection c, String sql, Row<T> row, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            ps.setMaxRows(1);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? row.map(rs) : null;
            }
        }
    }

    static long count(Connection c, String sql, Object... args) throws SQLException {
        Long n = one(c, sql, rs -> rs.getLong(1), args);
        return n == null ? 0 : n;
    }

    static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            switch (a) {
                case null -> ps.setNull(i + 1, Types.VARCHAR);
                case Long l -> ps.setLong(i + 1, l);
                case Integer n -> ps.setInt(i + 1, n);
                case Double d -> ps.setDouble(i + 1, d);
                case String s -> ps.setString(i + 1, s);
                case Nullable nl -> {
                    if (nl.value() == null) ps.setNull(i + 1, nl.sqlType());
                    else ps.setObject(i + 1, nl.value(), nl.sqlType());
                }
                default -> throw new IllegalArgumentException("cannot bind " + a.getClass());
            }
        }
    }

    /** Appends {@code AND clause} with its argument when the value is given (filters where null means any). */
    static void and(StringBuilder where, List<Object> args, String clause, Object value) {
        if (value == null) return;
        where.append(" AND ").append(clause);
        args.add(value);
    }

    /** A null with its type (PostgreSQL wants typed nulls for BIGINT columns). */
    record Nullable(Object value, int sqlType) {}

    static Nullable longOrNull(Long v) { return new Nullable(v, Types.BIGINT); }

    static Nullable doubleOrNull(Double v) { return new Nullable(v, Types.DOUBLE); }

    static Nullable intOrNull(Integer v) { return new Nullable(v, Types.INTEGER); }

    static Double getDouble(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    static Long getLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }
}
