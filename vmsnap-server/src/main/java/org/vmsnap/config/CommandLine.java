package org.vmsnap.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code vmsnap server [--port N] [--bind ADDR] [--data-dir DIR] [--db-url URL --db-user U --db-password P]}. */
public final class CommandLine {
    private static final Map<String, String> OPTIONS = Map.of(
            "--port", "server.port",
            "--bind", "server.address",
            "--data-dir", "vmsnap.data-dir",
            "--db-url", "spring.datasource.url",
            "--db-user", "spring.datasource.username",
            "--db-password", "spring.datasource.password",
            "--broker", "vmsnap.broker",
            "--local-node", "vmsnap.local-node");

    private CommandLine() {}

    /** Spring arguments for {@code args}, or null after printing usage when they are wrong. */
    public static String[] toSpringArguments(String[] args) {
        List<String> out = new ArrayList<>();
        int i = 0;
        if (args.length > 0 && args[0].equals("server")) {
            i = 1;
        }
        for (; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("--spring.")
                    || arg.startsWith("--server.")
                    || arg.startsWith("--vmsnap.")
                    || arg.startsWith("--logging.")) {
                out.add(arg);
                continue;
            }
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            String property = OPTIONS.get(name);
            if (property == null || (!arg.contains("=") && i + 1 >= args.length)) {
                usage(arg);
                return null;
            }
            String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1) : args[++i];
            out.add("--" + property + "=" + value);
        }
        // with a broker the control plane runs no storage or VM work itself, unless given a node of its own
        if (out.stream().anyMatch(a -> a.startsWith("--vmsnap.broker="))
                && out.stream().noneMatch(a -> a.startsWith("--vmsnap.local-node="))) {
            out.add("--vmsnap.local-node=");
        }
        return out.toArray(String[]::new);
    }

    private static void usage(String bad) {
        System.err.println("vmsnap: unknown or incomplete option " + bad);
        System.err.println("usage: vmsnap server [--port N] [--bind ADDR] [--data-dir DIR]"
                + " [--db-url JDBC_URL [--db-user USER] [--db-password PASSWORD]]"
                + " [--broker amqp://USER:PASSWORD@HOST:5672/VHOST [--local-node NAME]]");
        System.err.println(
                "       vmsnap agent --node NAME --broker amqp://USER:PASSWORD@HOST:5672/VHOST --data-dir DIR");
    }
}
