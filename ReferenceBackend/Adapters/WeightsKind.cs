namespace KerasVis.ReferenceBackend.Adapters;

/// <summary>Where a model's weights come from.</summary>
public enum WeightsKind
{
    /// <summary>Counter-hash weights computed from a seed (docs/fixtures.md): no file.</summary>
    Hash,
    /// <summary>A folder of Keras-layout NPY files in <c>model.weights</c> order.</summary>
    Npy,
    /// <summary>A Keras HDF5 weights file (<c>save_weights</c>, <c>model.save</c> or the ImageNet <c>_tf_kernels</c> files).</summary>
    H5,
    /// <summary>A torchvision state_dict exported as one NPY per key.</summary>
    StateDict,
}
