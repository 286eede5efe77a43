package io.phiguard.rewrite;

/**
 * A result column the driver must mask itself ({@link MaskKind#HASH}, {@link MaskKind#DETECT}): the
 * rewritten statement returns the raw value there, and only there.
 *
 * @param index the 1-based column index in the result set
 * @param label the column label
 * @param source the catalog column whose raw value it is
 * @param mask the mask to apply
 */
public record PostProcessColumn(int index, String label, ColumnRef source, Mask mask) {}
