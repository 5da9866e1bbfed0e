package org.vmsnap.policy.cron;

import java.util.OptionalLong;

/**
 * The five columns and their value ranges. {@link #mask} turns one column that already matched Danube's column regex
 * into a bit set (bit {@code v} set = value {@code v} selected), refusing what no scheduler could fire.
 */
enum CronField {
    MINUTE(0, 59),
    HOUR(0, 23),
    DAY_OF_MONTH(1, 31),
    MONTH(1, 12),
    DAY_OF_WEEK(0, 7);

    private final int min;
    private final int max;

    CronField(int min, int max) {
        this.min = min;
        this.max = max;
    }

    /**
     * Vixie/cronie meaning: {@code *} is min-max; a list's step binds to its last item ({@code 1,5-10/2} = 1 and
     * 5-10/2); a step on a single number runs to the field's maximum ({@code 5/10} = 5-max/10). Empty when a number is
     * outside the field's range, a range runs backwards or a step is 0.
     */
    OptionalLong mask(String column) {
        int slash = column.indexOf('/');
        String list = slash < 0 ? column : column.substring(0, slash);
        int step = slash < 0 ? 1 : number(column.substring(slash + 1));
        if (step < 1) {
            return OptionalLong.empty();
        }
        if (list.equals("*")) {
            return OptionalLong.of(bits(min, max, step));
        }
        String[] items = list.split(",");
        long mask = 0;
        for (int i = 0; i < items.length; i++) {
            boolean last = i == items.length - 1;
            String item = items[i];
            int dash = item.indexOf('-');
            int low = number(dash < 0 ? item : item.substring(0, dash));
            int high = dash >= 0 ? number(item.substring(dash + 1)) : last && slash >= 0 ? max : low;
            if (low < min || low > max || high < min || high > max || low > high) {
                return OptionalLong.empty();
            }
            mask |= bits(low, high, last ? step : 1);
        }
        return OptionalLong.of(mask);
    }

    private static long bits(int low, int high, int step) {
        long mask = 0;
        for (long v = low; v <= high; v += step) {
            mask |= 1L << v;
        }
        return mask;
    }

    /** ASCII digits only (the regex guaranteed that); saturates at {@code Integer.MAX_VALUE}, which no range accepts. */
    private static int number(String digits) {
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            value = Math.min(value * 10 + (digits.charAt(i) - '0'), Integer.MAX_VALUE);
        }
        return (int) value;
    }
}
