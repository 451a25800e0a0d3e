package io.upgradeclient.web.internal.security;

/**
 * Lets tests of other packages build a {@link WebSecurity} with the default settings.
 */
public final class WebSecurityAccess {
    private WebSecurityAccess() {
    }

    public static WebSecurity defaults() {
        return new WebSecurity(null, WebSecurityConfig.with("ann:admin:{plain}ann-pw"), new PasswordsTest.MutableClock());
    }
}
