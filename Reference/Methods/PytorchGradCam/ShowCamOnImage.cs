using KerasVis.Conformance.IO;
using KerasVis.Conformance.Methods;
using KerasVis.Reference.Imaging;

namespace KerasVis.Reference.Methods.PytorchGradCam;

/// <summary>The steps of one show_cam_on_image call.</summary>
public sealed record ShowCamSteps(
    [Output("uint8", "(H, W, 3)", "cv2.applyColorMap(uint8(255 · mask), COLORMAP_JET), BGR, or RGB with use_rgb")] NpyArray Heatmap,
    [Output("uint8", "(H, W, 3)", "uint8(255 · cam / max(cam)), cam = (1 − image_weight) · heatmap / 255 + image_weight · img")] NpyArray Visualization);

/// <summary>
/// pytorch-grad-cam 1.5.5 <c>show_cam_on_image(img, mask, use_rgb=False, colormap=cv2.COLORMAP_JET, image_weight=0.5)</c>
/// (pytorch_grad_cam/utils/image.py), in float32 as NumPy runs it:
/// <code>
///   heatmap = applyColorMap(uint8(255 · mask), JET)         uint8 truncation; OpenCV's jet (<see cref="OpenCvJet"/>), BGR
///   heatmap = BGR → RGB where use_rgb;   heatmap = float32(heatmap) / 255
///   cam     = (1 − image_weight) · heatmap + image_weight · img     img float32 RGB (or BGR) in [0, 1]
///   cam     = cam / max(cam);   result = uint8(255 · cam)
/// </code>
/// img with a value above 1 or image_weight outside [0, 1] is refused, as the library raises. matplotlib's 'jet' (the
/// labs' heatmaps) is another table: the two differ by up to 33 levels per channel
/// (5.3 on average).
/// </summary>
public static class ShowCamOnImage
{
    public static ShowCamSteps Compute(NpyArray img, NpyArray mask, bool useRgb = false, double imageWeight = 0.5)
    {
        if (img.Shape.Length != 3 || img.Shape[2] != 3) throw new ArgumentException($"img must be (H, W, 3), got {NpyArray.FormatShape(img.Shape)}");
        if (mask.Shape.Length != 2 || mask.Shape[0] != img.Shape[0] || mask.Shape[1] != img.Shape[1])
            throw new ArgumentException($"mask must be ({img.Shape[0]}, {img.Shape[1]}), got {NpyArray.FormatShape(mask.Shape)}");
        if (imageWeight < 0 || imageWeight > 1)
            throw new ArgumentOutOfRangeException(nameof(imageWeight), imageWeight, "image_weight should be in the range [0, 1]");
        var im = img.AsFloats();
        if (im.Any(v => v > 1)) throw new ArgumentException("The input image should np.float32 in the range [0, 1]");
        var m = mask.AsFloats();
        var heat = new byte[im.Length];
        for (int p = 0; p < m.Length; p++)
        {
            var (b, g, r) = OpenCvJet.Of(Truncate(255f * m[p]));
            (heat[3 * p], heat[3 * p + 1], heat[3 * p + 2]) = useRgb ? (r, g, b) : (b, g, r);
        }
        float wh = (float)(1 - imageWeight), wi = (float)imageWeight;
        var cam = new float[im.Length];
        for (int i = 0; i < cam.Length; i++) cam[i] = wh * (heat[i] / 255f) + wi * im[i];
        float max = cam.Max();
        var vis = cam.Select(v => Truncate(255f * (v / max))).ToArray();
        return new ShowCamSteps(NpyArray.FromBytes(heat, img.Shape), NpyArray.FromBytes(vis, img.Shape));
    }

    /// <summary>np.uint8 of a float32: truncation toward zero (the values here lie in [0, 255]).</summary>
    static byte Truncate(float v) => (byte)Math.Clamp((int)v, 0, 255);
}
