package io.upgradeclient.config.internal;

/**
 * A configuration file that cannot be applied. The message is {@link ConfigProblem#message()}.
 */
final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient ConfigProblem problem;
    private final String check;

    /**
     * @param problem what is wrong
     * @param check the name of the check the file defines, or empty when unknown or not a check file
     */
    ConfigException(ConfigProblem problem, String check) {
        super(problem.message());
        this.problem = problem;
        this.check = check;
    }

    ConfigProblem problem() {
        return problem;
    }

    String check() {
        return check;
    }
}
