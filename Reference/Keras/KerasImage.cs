using KerasVis.Conformance.IO;
using KerasVis.Reference.IO;
using StbImageSharp;

namespace KerasVis.Reference.Keras;

/// <summary>
/// <c>keras.utils.load_img(path, target_size=(h, w))</c> followed by <c>np.array(img)</c> (keras/src/utils/image_utils.py,
/// identical in tf.keras 2.x): decode; any mode other than RGB is converted to RGB (gray repeated, alpha dropped without
/// compositing, palette expanded); if the size differs from the target, Pillow's NEAREST resize. Decoding is
/// StbImageSharp's (8-bit PNG and JPEG baseline decode to the same bytes as Pillow for PNG; JPEG decoders differ, so the
/// fixtures are PNG). Returns uint8 (H, W, 3).
/// </summary>
public static class KerasImage
{
    public static NpyArray LoadImg(string path, int? targetHeight = null, int? targetWidth = null)
    {
        byte[] bytes;
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new ImageFormatException(path, e.Message); }
        ImageResult img;
        try { img = ImageResult.FromMemory(bytes, ColorComponents.RedGreenBlue); }
        catch (Exception e) { throw new ImageFormatException(path, $"not a decodable image ({e.Message})"); }
        if (img?.Data is null || img.Width <= 0 || img.Height <= 0) throw new ImageFormatException(path, "not a decodable image");
        var rgb = NpyArray.FromBytes(img.Data, img.Height, img.Width, 3);
        if (targetHeight is null && targetWidth is null) return rgb;
        int th = targetHeight ?? img.Height, tw = targetWidth ?? img.Width;
        return th == img.Height && tw == img.Width ? rgb : PilNearest(rgb, th, tw);
    }

    /// <summary>
    /// Pillow 9.4's <c>Image.resize((w, h), NEAREST)</c> (src/libImaging/Geometry.c, ImagingScaleAffine): the source
    /// column for output column x is <c>(int)xo</c>, where <c>xo</c> starts at <c>scale/2</c> and is then ADVANCED by
    /// <c>scale = (double)(float)W_in / W_out</c> per column (accumulated in double, not computed as
    /// <c>(x + 0.5)·scale</c>: the two differ in 20 of 224 columns for 640 → 224). Rows likewise. Our own code: no
    /// library reproduces Pillow's accumulation.
    /// </summary>
    public static NpyArray PilNearest(NpyArray image, int height, int width)
    {
        if (image.DType != NpyDType.UInt8 || image.Shape.Length != 3)
            throw new ArgumentException($"PilNearest takes uint8 (H, W, C), got {NpyDTypes.Descr(image.DType)} {NpyArray.FormatShape(image.Shape)}");
        if (height <= 0 || width <= 0) throw new ArgumentException($"target size ({height}, {width}) must be positive");
        int h = (int)image.Shape[0], w = (int)image.Shape[1], c = (int)image.Shape[2];
        var cols = SourceIndices(w, width);
        var rows = SourceIndices(h, height);
        var src = image.Data;
        var dst = new byte[height * width * c];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                Buffer.BlockCopy(src, (rows[y] * w + cols[x]) * c, dst, (y * width + x) * c, c);
        return NpyArray.FromBytes(dst, height, width, c);
    }

    /// <summary>The source index of every output index under Pillow's accumulated NEAREST stepping.</summary>
    public static int[] SourceIndices(int inSize, int outSize)
    {
        double scale = (double)(float)inSize / outSize;
        var idx = new int[outSize];
        double pos = scale * 0.5;
        for (int i = 0; i < outSize; i++)
        {
            idx[i] = Math.Clamp((int)pos, 0, inSize - 1);
            pos += scale;
        }
        return idx;
    }
}
