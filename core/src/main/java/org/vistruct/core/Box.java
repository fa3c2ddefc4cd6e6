package org.vistruct.core;

/** An axis-aligned box in image pixels, with the GA/T 1400 corner names. */
public record Box(int leftTopX, int leftTopY, int rightBtmX, int rightBtmY) {

    public static Box ofFloat(float x1, float y1, float x2, float y2) {
        return new Box(Math.round(x1), Math.round(y1), Math.round(x2), Math.round(y2));
    }

    public int width() { return rightBtmX - leftTopX; }

    public int height() { return rightBtmY - leftTopY; }

    public long area() { return (long) Math.max(0, width()) * Math.max(0, height()); }

    public float iou(Box o) {
        int ix = Math.min(rightBtmX, o.rightBtmX) - Math.max(leftTopX, o.leftTopX);
        int iy = Math.min(rightBtmY, o.rightBtmY) - Math.max(leftTopY, o.leftTopY);
        if (ix <= 0 || iy <= 0) return 0f;
        float inter = (float) ix * iy;
        return inter / (area() + o.area() - inter);
    }

    /** Share of {@code inner}'s area that lies inside this box. */
    public float covers(Box inner) {
        int ix = Math.min(rightBtmX, inner.rightBtmX) - Math.max(leftTopX, inner.leftTopX);
        int iy = Math.min(rightBtmY, inner.rightBtmY) - Math.max(leftTopY, inner.leftTopY);
        if (ix <= 0 || iy <= 0 || inner.area() == 0) return 0f;
        return (float) ix * iy / inner.area();
    }

    public Box clip(int width, int height) {
        return new Box(clamp(leftTopX, width), clamp(leftTopY, height), clamp(rightBtmX, width), clamp(rightBtmY, height));
    }

    /** This box grown by {@code fraction} of its size on every side. */
    public Box expand(float fraction) {
        int dx = Math.round(width() * fraction), dy = Math.round(height() * fraction);
        return new Box(leftTopX - dx, leftTopY - dy, rightBtmX + dx, rightBtmY + dy);
    }

    private static int clamp(int v, int max) { return Math.max(0, Math.min(max, v)); }
}
