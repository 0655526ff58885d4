using KerasVis.Conformance.Methods;
using KerasVis.Reference.Methods.PytorchGradCam;
using KerasVis.ReferenceBackend.Adapters;

namespace KerasVis.ReferenceBackend.Methods;

public sealed record PgcShowCamParams(
    [Param("the heatmap in RGB order (True) or OpenCV's BGR (False, the default)")] bool UseRgb = false,
    [Param("the image's share of the blend", Min = 0, Max = 1)] double ImageWeight = 0.5);

[Method("pgc_show_cam_on_image",
    "pytorch-grad-cam 1.5.5 show_cam_on_image: OpenCV COLORMAP_JET of uint8(255·mask), blended with the image, max-normalised, uint8",
    Page = "pytorch-grad-cam.md")]
public sealed class PgcShowCamAdapter : MethodAdapter<PgcShowCamParams, ShowCamSteps>
{
    public override ShowCamSteps Compute(MethodContext context, PgcShowCamParams p) =>
        ShowCamOnImage.Compute(context.Input("img"), context.Input("mask"), p.UseRgb, p.ImageWeight);
}
