package org.vistruct.server.http;

/** What a token may do: viewers browse, investigators also search and run jobs, admins also read the audit log. */
public enum Role {
    VIEWER, INVESTIGATOR, ADMIN;

    public boolean atLeast(Role other) { return ordinal() >= other.ordinal(); }

    public static Role parse(String s) {
        for (Role r : values()) if (r.name().equalsIgnoreCase(s.trim())) return r;
        throw new IllegalArgumentException("unknown role '" + s + "': use viewer, investigator or admin");
    }
}
