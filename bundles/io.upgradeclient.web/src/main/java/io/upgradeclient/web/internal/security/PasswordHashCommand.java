package io.upgradeclient.web.internal.security;

import org.osgi.service.component.annotations.Component;

/**
 * Shell command {@code upgradeclient:passwordhash <password>}: prints the PBKDF2 form of a password for the
 * {@code users} setting of PID {@value WebSecurity#PID}.
 */
@Component(service = PasswordHashCommand.class, property = {
    "osgi.command.scope=upgradeclient",
    "osgi.command.function=passwordhash"
})
public final class PasswordHashCommand {
    /**
     * @param password the password to hash
     * @return its stored form, {@code pbkdf2$…}
     */
    public String passwordhash(String password) {
        return PasswordHash.create(password.toCharArray());
    }
}
