namespace KerasVis.Reference.Fixtures;

/// <summary>A Keras HDF5 weights file that cannot be loaded into a model; names the file and, where there is one, the
/// dataset (<c>/conv2d_1/conv2d_1_b_1:0</c>) that is missing or has the wrong shape.</summary>
public sealed class KerasWeightsException(string path, string problem, string? dataset = null)
    : Conformance.InputException($"{path}{(dataset is null ? "" : ":" + dataset)}: {problem}")
{
    public string Path { get; } = path;
    public string? Dataset { get; } = dataset;
    public string Problem { get; } = problem;
}
