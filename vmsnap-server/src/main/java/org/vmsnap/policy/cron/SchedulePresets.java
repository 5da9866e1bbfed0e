package org.vmsnap.policy.cron;

import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Danube's {@code define_schedule_defaults} ({@code api/vm/snapshot/serializers.py}): definitions named {@code
 * hourly}, {@code daily}, {@code weekly} or {@code monthly} (exact, case-sensitive) get a default schedule and
 * retention when the request omits them. The schedule's minute, hour and day are drawn at random so that many VMs do
 * not all snapshot at the same moment; the caller supplies the generator (a seeded one in tests). Draws happen in
 * Danube's order: minute 0-59, hour 0-23, then weekday 0-6 or day-of-month 1-28.
 *
 * <p>Stateless; thread-safe if the generator is.
 */
public final class SchedulePresets {
    private SchedulePresets() {}

    /** A default schedule (valid cron text) and retention for a preset name. */
    public record Preset(String schedule, int retention) {
        public Preset {
            Objects.requireNonNull(schedule, "schedule");
            if (retention < 0) {
                throw new IllegalArgumentException("retention must not be negative: " + retention);
            }
        }
    }

    /**
     * The preset for {@code name}, or empty for any other name.
     *
     * <table>
     *   <caption>Presets</caption>
     *   <tr><th>name</th><th>schedule</th><th>retention</th></tr>
     *   <tr><td>hourly</td><td>{@code <m> * * * *}</td><td>24</td></tr>
     *   <tr><td>daily</td><td>{@code <m> <h> * * *}</td><td>30</td></tr>
     *   <tr><td>weekly</td><td>{@code <m> <h> * * <0-6>}</td><td>12</td></tr>
     *   <tr><td>monthly</td><td>{@code <m> <h> <1-28> * *}</td><td>6</td></tr>
     * </table>
     */
    public static Optional<Preset> forName(String name, RandomGenerator random) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(random, "random");
        // Java evaluates concatenation left to right, so the draws keep Danube's order.
        return switch (name) {
            case "hourly" -> Optional.of(new Preset(minute(random) + " * * * *", 24));
            case "daily" -> Optional.of(new Preset(minute(random) + " " + hour(random) + " * * *", 30));
            case "weekly" ->
                Optional.of(new Preset(minute(random) + " " + hour(random) + " * * " + random.nextInt(0, 7), 12));
            case "monthly" ->
                Optional.of(new Preset(minute(random) + " " + hour(random) + " " + random.nextInt(1, 29) + " * *", 6));
            default -> Optional.empty();
        };
    }

    private static int minute(RandomGenerator random) {
        return random.nextInt(0, 60);
    }

    private static int hour(RandomGenerator random) {
        return random.nextInt(0, 24);
    }
}
