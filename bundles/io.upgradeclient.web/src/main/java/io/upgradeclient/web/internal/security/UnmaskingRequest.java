package io.upgradeclient.web.internal.security;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.Collections;
import java.util.Dictionary;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import io.upgradeclient.api.Secrets;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * A Web Console configuration save ({@code POST …/configMgr/<pid>}) as the console should see it: a secret field
 * still showing the mask (the admin changed another field) carries the stored value again, so that saving a form
 * never replaces a password with {@link Secrets#MASK}.
 */
final class UnmaskingRequest extends HttpServletRequestWrapper {
    private static final String CONFIG_MANAGER = "/configMgr/";

    private final Map<String, String[]> parameters;

    UnmaskingRequest(HttpServletRequest request, ConfigurationAdmin configAdmin) {
        super(request);
        this.parameters = unmasked(request, configAdmin);
    }

    /**
     * @param request a state-changing console request
     * @return whether it saves a configuration form; only those are read here (a bundle upload's body is left to
     *     the console)
     */
    static boolean isConfigurationSave(HttpServletRequest request) {
        String type = request.getContentType();
        return request.getRequestURI().contains(CONFIG_MANAGER) && type != null
                && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded");
    }

    private static Map<String, String[]> unmasked(HttpServletRequest request, ConfigurationAdmin configAdmin) {
        Map<String, String[]> original = request.getParameterMap();
        String uri = request.getRequestURI();
        int at = uri.indexOf(CONFIG_MANAGER);
        if (at < 0 || original.values().stream().flatMap(Arrays::stream).noneMatch(Secrets.MASK::equals)) {
            return original;
        }
        Dictionary<String, Object> stored = stored(uri.substring(at + CONFIG_MANAGER.length()), configAdmin);
        if (stored == null) {
            return original;
        }
        Map<String, String[]> copy = new LinkedHashMap<>();
        original.forEach((name, values) -> {
            Object current = stored.get(name);
            String[] restored = values.clone();
            for (int i = 0; i < restored.length; i++) {
                if (Secrets.MASK.equals(restored[i]) && Secrets.isSecret(name) && current != null) {
                    restored[i] = current instanceof Object[] array ? (i < array.length ? String.valueOf(array[i]) : restored[i]) : current.toString();
                }
            }
            copy.put(name, restored);
        });
        return Collections.unmodifiableMap(copy);
    }

    private static Dictionary<String, Object> stored(String pid, ConfigurationAdmin configAdmin) {
        try {
            String decoded = URLDecoder.decode(pid, StandardCharsets.UTF_8);
            Configuration[] found = configAdmin.listConfigurations("(service.pid=" + escape(decoded) + ")");
            return found == null || found.length == 0 ? null : found[0].getProperties();
        } catch (IOException | InvalidSyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    private static String escape(String value) {
        StringBuilder escaped = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (c == '\\' || c == '(' || c == ')' || c == '*') {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }

    @Override
    public String getParameter(String name) {
        String[] values = parameters.get(name);
        return values == null || values.length == 0 ? null : values[0];
    }

    @Override
    public String[] getParameterValues(String name) {
        String[] values = parameters.get(name);
        return values == null ? null : values.clone();
    }

    @Override
    public Map<String, String[]> getParameterMap() {
        return parameters;
    }

    @Override
    public Enumeration<String> getParameterNames() {
        return Collections.enumeration(parameters.keySet());
    }
}
