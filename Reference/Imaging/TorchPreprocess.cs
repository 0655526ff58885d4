using KerasVis.Conformance.IO;
using KerasVis.Reference.IO;

namespace KerasVis.Reference.Imaging;

/// <summary>
/// The PyTorch Grad-CAM report's <c>preprocess_image</c> and <c>reprocess_image</c> (seed 004; docs/methods/gradcam.md),
/// the usual torchvision ImageNet input, written out so every step is named:
/// <code>
///   preprocess:  x = float32(rgb) / 255                      (H, W, 3), values in [0, 1]
///                x = cv2.resize(x, (224, 224), INTER_LINEAR)  half-pixel bilinear on float32 (<see cref="CvResize"/>)
///                x[..., c] = (x[..., c] − mean[c]) / std[c]   float32, mean = (0.485, 0.456, 0.406), std = (0.229, 0.224, 0.225)
///                x → (1, 3, 224, 224)                         NCHW
///   reprocess:   y = x[0].transpose(1, 2, 0) · std + mean     float32, (H, W, 3)
///                y = clip(y, 0, 1);  uint8(y · 255)           truncation, as np.uint8 does
/// </code>
/// The report does not print its code; this order (resize the [0, 1] float image, then normalise) is the one it
/// describes, and the one torchvision's ToTensor → Resize → Normalize gives on a float tensor except for the resize
/// kernel (torchvision's is PyTorch's bilinear, not OpenCV's; both are half-pixel and agree on upsampling).
/// </summary>
public static class TorchPreprocess
{
    public static readonly float[] Mean = [0.485f, 0.456f, 0.406f];
    public static readonly float[] Std = [0.229f, 0.224f, 0.225f];

    /// <summary>An (H, W, 3) uint8 RGB image → the (1, 3, size, size) float32 network input.</summary>
    public static NpyArray PreprocessImage(NpyArray rgb, int size = 224)
    {
        if (rgb.DType != NpyDType.UInt8 || rgb.Shape.Length != 3 || rgb.Shape[2] != 3)
            throw new ArgumentException($"preprocess_image takes an (H, W, 3) uint8 RGB image, " +
                $"got {NpyDTypes.Descr(rgb.DType)} {NpyArray.FormatShape(rgb.Shape)}");
        int h = (int)rgb.Shape[0], w = (int)rgb.Shape[1];
        var x = new float[rgb.Data.Length];
        for (int i = 0; i < x.Length; i++) x[i] = rgb.Data[i] / 255f;
        var r = CvResize.Linear(x, h, w, 3, size, size);
        var nchw = new float[3 * size * size];
        for (int p = 0; p < size * size; p++)
            for (int c = 0; c < 3; c++)
                nchw[c * size * size + p] = (r[p * 3 + c] - Mean[c]) / Std[c];
        return NpyArray.FromFloats(nchw, 1, 3, size, size);
    }

    /// <summary>A (1, 3, H, W) normalised input → the (H, W, 3) uint8 image it shows.</summary>
    public static NpyArray ReprocessImage(NpyArray x)
    {
        if (x.DType != NpyDType.Float32 || x.Shape.Length != 4 || x.Shape[0] != 1 || x.Shape[1] != 3)
            throw new ArgumentException($"reprocess_image takes a (1, 3, H, W) float32 input, got {NpyDTypes.Descr(x.DType)} {NpyArray.FormatShape(x.Shape)}");
        int h = (int)x.Shape[2], w = (int)x.Shape[3];
        var v = x.AsFloats();
        var o = new byte[h * w * 3];
        for (int p = 0; p < h * w; p++)
            for (int c = 0; c < 3; c++)
            {
                float y = v[c * h * w + p] * Std[c] + Mean[c];
                y = Math.Clamp(y, 0f, 1f);          // NaN stays NaN and becomes 0 below, as np.uint8(nan) does on x86
                o[p * 3 + c] = float.IsNaN(y) ? (byte)0 : (byte)(y * 255f);
            }
        return NpyArray.FromBytes(o, h, w, 3);
    }
}
