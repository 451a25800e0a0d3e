package io.upgradeclient.web.internal.security;

import java.io.Serializable;

/**
 * A signed-in user, as kept in the HTTP session.
 *
 * @param name the user name
 * @param role what the user may do
 */
public record User(String name, Role role) implements Serializable {
    /** The request attribute under which the security filter hands the user to servlets. */
    public static final String ATTRIBUTE = "io.upgradeclient.web.user";

    /**
     * @return whether the user may trigger actions
     */
    public boolean isAdmin() {
        return role == Role.ADMIN;
    }
}
