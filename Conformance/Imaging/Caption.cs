using KerasVis.Conformance.IO;

namespace KerasVis.Conformance.Imaging;

/// <summary>A picture that explains itself: the image, then a jet colour bar with its end values, then caption lines
/// (model, method, layer, class, score), white on a dark strip, in <see cref="BitmapFont"/>.</summary>
public static class Caption
{
    /// <summary>The narrowest picture a caption is drawn under: a smaller one (Lab1's 28 × 28) is first enlarged by a
    /// whole factor, nearest neighbour, so its caption fits and its pixels stay visible.</summary>
    public const int MinWidth = 256;

    /// <summary><paramref name="rgb"/> (H, W, 3) uint8 with a colour bar labelled <paramref name="low"/> … <paramref name="high"/>
    /// (omitted when null) and the <paramref name="lines"/> below it; a line longer than the width wraps.</summary>
    public static NpyArray Add(NpyArray rgb, IReadOnlyList<string> lines, string? low = null, string? high = null)
    {
        if (rgb.Shape[1] < MinWidth) rgb = Enlarge(rgb, (int)((MinWidth + rgb.Shape[1] - 1) / rgb.Shape[1]));
        int h = (int)rgb.Shape[0], w = (int)rgb.Shape[1];
        int perLine = Math.Max(1, (w - 4) / BitmapFont.Advance);
        lines = lines.SelectMany(l => Enumerable.Range(0, Math.Max(1, (l.Length + perLine - 1) / perLine))
            .Select(k => l.Substring(k * perLine, Math.Min(perLine, l.Length - k * perLine)))).ToList();
        const int pad = 4, lineHeight = BitmapFont.Height + 4, barHeight = 8;
        int bar = low is null ? 0 : barHeight + lineHeight + 2;
        int extra = pad + bar + lines.Count * lineHeight + pad;
        var o = new byte[(h + extra) * w * 3];
        Buffer.BlockCopy(rgb.Data, 0, o, 0, h * w * 3);
        for (int i = h * w * 3; i < o.Length; i++) o[i] = 24;
        int y = h + pad;
        if (low is not null)
        {
            for (int x = 0; x < w; x++)
            {
                int row = Jet.Index((float)x / Math.Max(1, w - 1));
                for (int dy = 0; dy < barHeight; dy++)
                    for (int ch = 0; ch < 3; ch++) o[((y + dy) * w + x) * 3 + ch] = Jet.LutBytes[row, ch];
            }
            y += barHeight + 2;
            Text(o, w, 2, y, low);
            Text(o, w, w - 2 - high!.Length * BitmapFont.Advance, y, high);
            y += lineHeight;
        }
        foreach (var line in lines) { Text(o, w, 2, y, line); y += lineHeight; }
        return NpyArray.FromBytes(o, h + extra, w, 3);
    }

    static NpyArray Enlarge(NpyArray rgb, int f)
    {
        int h = (int)rgb.Shape[0], w = (int)rgb.Shape[1];
        var o = new byte[h * f * w * f * 3];
        for (int y = 0; y < h * f; y++)
            for (int x = 0; x < w * f; x++)
                for (int ch = 0; ch < 3; ch++) o[(y * w * f + x) * 3 + ch] = rgb.Data[((y / f) * w + x / f) * 3 + ch];
        return NpyArray.FromBytes(o, h * f, w * f, 3);
    }

    static void Text(byte[] o, int w, int x0, int y0, string s)
    {
        for (int i = 0; i < s.Length; i++)
        {
            int cx = x0 + i * BitmapFont.Advance;
            if (cx + BitmapFont.Width > w) break;
            for (int y = 0; y < BitmapFont.Height; y++)
                for (int x = 0; x < BitmapFont.Width; x++)
                    if (BitmapFont.Pixel(s[i], x, y))
                        for (int ch = 0; ch < 3; ch++) o[((y0 + y) * w + cx + x) * 3 + ch] = 235;
        }
    }
}
