package io.upgradeclient.api;

import java.util.Objects;

/**
 * A user name and password for a source or target. {@link #toString()} never shows the password.
 *
 * @param user the user name; empty when none is configured
 * @param password the password; empty when none is configured
 */
public record Credentials(String user, String password) {
    /** No credentials. */
    public static final Credentials NONE = new Credentials("", "");

    /**
     * @throws NullPointerException if either value is {@code null}
     */
    public Credentials {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    /**
     * @return whether a user name is configured
     */
    public boolean isPresent() {
        return !user.isEmpty();
    }

    @Override
    public String toString() {
        return "Credentials[user=" + user + ", password=" + (password.isEmpty() ? "" : Secrets.MASK) + "]";
    }
}
