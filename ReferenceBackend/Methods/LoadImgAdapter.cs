using KerasVis.Conformance.Harness;
using KerasVis.Conformance.IO;
using KerasVis.Conformance.Methods;
using KerasVis.Reference.Keras;
using KerasVis.ReferenceBackend.Adapters;

namespace KerasVis.ReferenceBackend.Methods;

public sealed record LoadImgParams(
    [Param("the image files, paths under fixtures/")] string[] Images,
    [Param("(height, width) of keras.utils.load_img's target_size (Pillow NEAREST)")] int[] TargetSize) : IParamsCheck
{
    public IEnumerable<(string Key, string Problem)> Problems()
    {
        if (TargetSize.Length != 2 || TargetSize.Any(v => v <= 0)) yield return ("target_size", "must be [height, width], both positive");
        if (Images.Length == 0) yield return ("images", "must name at least one image");
        foreach (var f in Images.Where(f => !FixturePath.IsValid(f)))
            yield return ("images", $"'{f}' must be a relative path under fixtures/ without '..'");
    }
}

public sealed record LoadImgOutputs(
    [Output("uint8", "(N, height, width, 3)", "load_img + img_to_array: RGB, resized with Pillow NEAREST")] NpyArray Images,
    [Output("float32", "(N, height, width, 3)", "imagenet_utils.preprocess_input 'caffe': RGB → BGR, minus the ImageNet mean")] NpyArray Preprocessed);

[Method("keras_load_img", "keras.utils.load_img (Pillow NEAREST resize) and VGG16 preprocess_input", Page = "imagenet-io.md")]
public sealed class LoadImgAdapter : MethodAdapter<LoadImgParams, LoadImgOutputs>
{
    public override bool RunsOnDevice => false;
    public override LoadImgOutputs Compute(MethodContext context, LoadImgParams p)
    {
        var imgs = p.Images.Select(f => KerasImage.LoadImg(Path.Combine(GoldenRepository.Root(), f), p.TargetSize[0], p.TargetSize[1])).ToList();
        if (imgs.Any(i => !i.Shape.SequenceEqual(imgs[0].Shape))) throw new ArgumentException("the images have different shapes");
        var batch = NpyArray.FromBytes(imgs.SelectMany(i => i.Data).ToArray(), [imgs.Count, .. imgs[0].Shape]);
        return new(batch, ImagenetUtils.PreprocessCaffe(batch));
    }
}
