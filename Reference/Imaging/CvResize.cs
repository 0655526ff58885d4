namespace KerasVis.Reference.Imaging;

/// <summary>
/// OpenCV's <c>cv2.resize(src, (W, H), interpolation=INTER_LINEAR)</c> on float32 images (modules/imgproc/src/
/// resize.cpp, resizeGeneric with HResizeLinear / VResizeLinear), the resize of the PyTorch Grad-CAM report
/// (docs/methods/gradcam.md, PyTorch section). Half-pixel centres, borders clamped, horizontal pass then vertical pass:
/// <code>
///   scale = 1 / (double)(out / in)                      (OpenCV keeps inv_scale = out/in and inverts it)
///   f     = (float)((d + 0.5)·scale − 0.5);  s = floor(f);  f −= s          (float32)
///   s &lt; 0       → s = 0,      f = 0
///   s ≥ in − 1  → s = in − 1, f = 0
///   row[x] = S[s]·(1 − f) + S[s + 1]·f                  (float32, per channel)
///   out[y] = row[s]·(1 − g) + row[s + 1]·g              (same rule down the rows)
/// </code>
/// Our own code: the weights and the float32 order must be OpenCV's, which no library here reproduces. Debian's
/// OpenCV 4.6 (no IPP) matches this to ≤ 1 ulp; pip wheels route float32 through IPP and may differ by more.
/// uint8 images take OpenCV's 11-bit fixed-point path, which this does not implement.
/// </summary>
public static class CvResize
{
    /// <summary>Resizes an (H, W, C) float32 image given as a flat channels-last array to (outH, outW, C).</summary>
    public static float[] Linear(ReadOnlySpan<float> src, int h, int w, int c, int outH, int outW)
    {
        if (h <= 0 || w <= 0 || c <= 0 || outH <= 0 || outW <= 0)
            throw new ArgumentException($"cv2.resize needs positive sizes, got ({h}, {w}, {c}) → ({outH}, {outW})");
        if (src.Length != (long)h * w * c) throw new ArgumentException($"{src.Length} values do not fill ({h}, {w}, {c})");
        var (xs, xa) = Coefficients(w, outW);
        var (ys, ya) = Coefficients(h, outH);
        // horizontal pass on every source row
        var rows = new float[h * outW * c];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < outW; x++)
            {
                int s0 = xs[x], s1 = Math.Min(s0 + 1, w - 1);
                float f = xa[x], a0 = 1f - f;
                for (int k = 0; k < c; k++)
                {
                    float p = src[(y * w + s0) * c + k] * a0;
                    float q = src[(y * w + s1) * c + k] * f;
                    rows[(y * outW + x) * c + k] = p + q;
                }
            }
        var dst = new float[outH * outW * c];
        for (int y = 0; y < outH; y++)
        {
            int r0 = ys[y], r1 = Math.Min(r0 + 1, h - 1);
            float g = ya[y], b0 = 1f - g;
            for (int i = 0; i < outW * c; i++)
            {
                float p = rows[r0 * outW * c + i] * b0;
                float q = rows[r1 * outW * c + i] * g;
                dst[y * outW * c + i] = p + q;
            }
        }
        return dst;
    }

    /// <summary>Source index and weight of the second neighbour for every output position.</summary>
    public static (int[] Index, float[] Frac) Coefficients(int inSize, int outSize)
    {
        double scale = 1.0 / ((double)outSize / inSize);
        var idx = new int[outSize];
        var frac = new float[outSize];
        for (int d = 0; d < outSize; d++)
        {
            float f = (float)((d + 0.5) * scale - 0.5);
            int s = (int)MathF.Floor(f);
            f -= s;
            if (s < 0) { s = 0; f = 0; }
            if (s >= inSize - 1) { s = inSize - 1; f = 0; }
            idx[d] = s; frac[d] = f;
        }
        return (idx, frac);
    }
}
