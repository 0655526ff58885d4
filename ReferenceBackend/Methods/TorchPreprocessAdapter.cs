using KerasVis.Conformance.IO;
using KerasVis.Conformance.Methods;
using KerasVis.Reference.Imaging;
using KerasVis.ReferenceBackend.Adapters;

namespace KerasVis.ReferenceBackend.Methods;

public sealed record TorchPreprocessParams(
    [Param("the ImageNet channel mean (the one value the report uses: 0.485, 0.456, 0.406)")] double[] Mean,
    [Param("the ImageNet channel std (0.229, 0.224, 0.225)")] double[] Std,
    [Param("the square side cv2.resize makes", Min = 1)] int Size = 224) : IParamsCheck
{
    public IEnumerable<(string Key, string Problem)> Problems()
    {
        if (!Mean.Select(v => (float)v).SequenceEqual(TorchPreprocess.Mean)) yield return ("mean", "is not the ImageNet mean the Reference uses");
        if (!Std.Select(v => (float)v).SequenceEqual(TorchPreprocess.Std)) yield return ("std", "is not the ImageNet std the Reference uses");
    }
}

public sealed record TorchPreprocessOutputs(
    [Output("float32", "(1, 3, size, size)", "preprocess_image: cv2 INTER_LINEAR resize, /255, (x − mean)/std, HWC → CHW")] NpyArray X,
    [Output("uint8", "(size, size, 3)", "reprocess_image: the inverse, for display")] NpyArray Reprocessed);

[Method("torch_preprocess", "The PyTorch report's preprocess_image and reprocess_image (input image, uint8 RGB)", Page = "gradcam.md")]
public sealed class TorchPreprocessAdapter : MethodAdapter<TorchPreprocessParams, TorchPreprocessOutputs>
{
    public override bool RunsOnDevice => false;
    public override TorchPreprocessOutputs Compute(MethodContext context, TorchPreprocessParams p)
    {
        var pre = TorchPreprocess.PreprocessImage(context.Input("image"), p.Size);
        return new(pre, TorchPreprocess.ReprocessImage(pre));
    }
}
