package io.upgradeclient.testsupport;

import java.lang.annotation.Annotation;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * A component property type (a DS configuration annotation) backed by a map of Config Admin properties, the way
 * Declarative Services builds it: each method reads the key its name maps to (DS 1.4, 112.8.2.2: {@code $$} is
 * {@code $}, {@code $_$} is {@code -}, another {@code $} is dropped, {@code __} is {@code _}, a single {@code _} is
 * {@code .}), converted to the method's return type, else the method's default. Tests set the keys a README
 * documents and so fail when a method reads another key than the documented one.
 */
public final class DsConfig {
    private DsConfig() {
    }

    /**
     * @param methodName a method of a component property type
     * @return the configuration key it reads
     */
    public static String key(String methodName) {
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < methodName.length(); i++) {
            char c = methodName.charAt(i);
            char next = i + 1 < methodName.length() ? methodName.charAt(i + 1) : 0;
            if (c == '$') {
                if (next == '$') {
                    key.append('$');
                    i++;
                } else if (next == '_' && i + 2 < methodName.length() && methodName.charAt(i + 2) == '$') {
                    key.append('-');
                    i += 2;
                }
            } else if (c == '_') {
                if (next == '_') {
                    key.append('_');
                    i++;
                } else {
                    key.append('.');
                }
            } else {
                key.append(c);
            }
        }
        return key.toString();
    }

    /**
     * @param type a component property type
     * @return the keys its methods read, sorted
     */
    public static Set<String> keys(Class<? extends Annotation> type) {
        Set<String> keys = new TreeSet<>();
        for (Method method : type.getDeclaredMethods()) {
            keys.add(key(method.getName()));
        }
        return keys;
    }

    /**
     * @param type a component property type
     * @param properties the configuration: values as Config Admin holds them (strings from a {@code .cfg}, or typed)
     * @return the type's instance over them
     */
    public static <A extends Annotation> A of(Class<A> type, Map<String, ?> properties) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            switch (method.getName()) {
                case "annotationType":
                    return type;
                case "toString":
                    return type.getSimpleName() + properties;
                case "hashCode":
                    return properties.hashCode();
                case "equals":
                    return proxy == args[0];
                default:
                    Object value = properties.get(key(method.getName()));
                    return value == null ? defaultOf(method) : convert(value, method.getReturnType(), method);
            }
        }));
    }

    /**
     * @param type a component property type
     * @param properties a configuration meant to change every key it sets
     * @return the keys it sets to the method's default anyway (a test setting them would observe nothing), sorted
     */
    public static Set<String> keysAtDefault(Class<? extends Annotation> type, Map<String, ?> properties) {
        Set<String> same = new TreeSet<>();
        Annotation configured = of(type, properties);
        for (Method method : type.getDeclaredMethods()) {
            String key = key(method.getName());
            if (properties.containsKey(key) && method.getDefaultValue() != null) {
                try {
                    // the bundles' property types are package-private
                    method.setAccessible(true);
                    if (Objects.deepEquals(method.invoke(configured), method.getDefaultValue())) {
                        same.add(key);
                    }
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(method + " cannot be called", e);
                }
            }
        }
        return same;
    }

    private static Object defaultOf(Method method) {
        Object fallback = method.getDefaultValue();
        if (fallback != null || !method.getReturnType().isPrimitive()) {
            return fallback;
        }
        return convert("0", method.getReturnType(), method);
    }

    private static Object convert(Object value, Class<?> target, Method method) {
        if (target.isArray()) {
            List<?> items = value instanceof Collection<?> collection ? List.copyOf(collection)
                    : value.getClass().isArray() ? arrayItems(value) : List.of(value);
            Object array = Array.newInstance(target.getComponentType(), items.size());
            for (int i = 0; i < items.size(); i++) {
                Array.set(array, i, convert(items.get(i), target.getComponentType(), method));
            }
            return array;
        }
        if (value.getClass().isArray() || value instanceof Collection<?>) {
            List<?> items = value instanceof Collection<?> collection ? List.copyOf(collection) : arrayItems(value);
            return items.isEmpty() ? defaultOf(method) : convert(items.get(0), target, method);
        }
        String text = value.toString().strip();
        if (target == String.class) {
            return value.toString();
        } else if (target == int.class || target == Integer.class) {
            return Integer.valueOf(text);
        } else if (target == long.class || target == Long.class) {
            return Long.valueOf(text);
        } else if (target == boolean.class || target == Boolean.class) {
            return Boolean.valueOf(text);
        } else if (target == double.class || target == Double.class) {
            return Double.valueOf(text);
        } else if (target == float.class || target == Float.class) {
            return Float.valueOf(text);
        } else if (target == short.class || target == Short.class) {
            return Short.valueOf(text);
        } else if (target == byte.class || target == Byte.class) {
            return Byte.valueOf(text);
        } else if (target == char.class || target == Character.class) {
            return text.isEmpty() ? (char) 0 : text.charAt(0);
        } else if (target.isEnum()) {
            return enumValue(target, text);
        }
        throw new IllegalArgumentException(method + ": no conversion to " + target.getName());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumValue(Class<?> target, String text) {
        return Enum.valueOf((Class) target, text);
    }

    private static List<Object> arrayItems(Object array) {
        Object[] items = new Object[Array.getLength(array)];
        for (int i = 0; i < items.length; i++) {
            items[i] = Array.get(array, i);
        }
        return List.of(items);
    }
}
