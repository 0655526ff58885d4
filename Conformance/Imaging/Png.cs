using KerasVis.Conformance.IO;
using StbImageWriteSharp;

namespace KerasVis.Conformance.Imaging;

/// <summary>Writes uint8 (H, W, 3) or (H, W) arrays as PNG (StbImageWriteSharp), atomically: a temporary file in the
/// same folder, renamed into place, so a failed write leaves nothing half-written.</summary>
public static class Png
{
    public static void Write(string path, NpyArray image)
    {
        if (image.DType != NpyDType.UInt8 || image.Shape.Length is < 2 or > 3 || (image.Shape.Length == 3 && image.Shape[2] is not (1 or 3 or 4)))
            throw new ArgumentException($"a PNG needs uint8 (H, W), (H, W, 1), (H, W, 3) or (H, W, 4); " +
                $"got {NpyDTypes.Descr(image.DType)} {NpyArray.FormatShape(image.Shape)}");
        int h = (int)image.Shape[0], w = (int)image.Shape[1], c = image.Shape.Length == 2 ? 1 : (int)image.Shape[2];
        var comp = c switch { 1 => ColorComponents.Grey, 3 => ColorComponents.RedGreenBlue, _ => ColorComponents.RedGreenBlueAlpha };
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        var tmp = Path.Combine(dir, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var s = File.Create(tmp)) new ImageWriter().WritePng(image.Data, w, h, comp, s);
            File.Move(tmp, path, overwrite: true);
        }
        finally { if (File.Exists(tmp)) File.Delete(tmp); }
    }

    /// <summary>Stacks images of one height side by side with a white gap (for comparison pictures).</summary>
    public static NpyArray SideBySide(IReadOnlyList<NpyArray> images, int gap = 8)
    {
        int h = (int)images[0].Shape[0];
        if (images.Any(i => i.Shape.Length != 3 || i.Shape[2] != 3 || i.Shape[0] != h || i.DType != NpyDType.UInt8))
            throw new ArgumentException("side-by-side pictures must be uint8 (H, W, 3) of one height");
        int w = images.Sum(i => (int)i.Shape[1]) + gap * (images.Count - 1);
        var o = Enumerable.Repeat((byte)255, h * w * 3).ToArray();
        int x0 = 0;
        foreach (var im in images)
        {
            int iw = (int)im.Shape[1];
            for (int y = 0; y < h; y++) Buffer.BlockCopy(im.Data, y * iw * 3, o, (y * w + x0) * 3, iw * 3);
            x0 += iw + gap;
        }
        return NpyArray.FromBytes(o, h, w, 3);
    }
}
