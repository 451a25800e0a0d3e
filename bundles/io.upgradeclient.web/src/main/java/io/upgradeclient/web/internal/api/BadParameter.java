package io.upgradeclient.web.internal.api;

/**
 * A request parameter that cannot be used; answered with 400 and {@code {"error": …, "parameter": …}}.
 */
public final class BadParameter extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String parameter;

    /**
     * @param parameter the parameter's name
     * @param message what is wrong and what was expected
     */
    public BadParameter(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    /** @return the parameter's name */
    public String parameter() {
        return parameter;
    }
}
