package org.vmsnap.storage.spi;

/**
 * What a check of an image found and repaired ({@code qemu-img check}).
 *
 * @param leaks clusters found allocated but used by nothing (wasted space, no harm to data)
 * @param corruptions metadata errors found (a cluster used with a wrong reference count or flag)
 * @param leaksFixed leaks repaired
 * @param corruptionsFixed errors repaired
 */
public record ImageCheck(long leaks, long corruptions, long leaksFixed, long corruptionsFixed) {
    public ImageCheck {
        if (leaks < 0 || corruptions < 0 || leaksFixed < 0 || corruptionsFixed < 0) {
            throw new IllegalArgumentException("negative counts");
        }
    }

    /** Nothing found. */
    public static final ImageCheck CLEAN = new ImageCheck(0, 0, 0, 0);

    /** Whether anything was found. */
    public boolean found() {
        return leaks > 0 || corruptions > 0;
    }

    /** Whether something found is still there. */
    public boolean remaining() {
        return leaks > leaksFixed || corruptions > corruptionsFixed;
    }
}
