using KerasVis.Reference.Models;

namespace KerasVis.ReferenceBackend.Adapters;

/// <summary>
/// Keeps the last model built, so cases on the same model, weights and device share it (a VGG16 is built once for all
/// its cases). A model is handed out as a <see cref="ModelLease"/>; a model replaced by another is disposed only when
/// its last lease ends, so concurrent callers never see a disposed model.
/// </summary>
public sealed class ModelCache
{
    sealed class Entry(SpecNet net)
    {
        public SpecNet Net { get; } = net;
        public int Leases;
        public bool Evicted;
    }

    public static ModelCache Shared { get; } = new();

    readonly object gate = new();
    Entry? current;
    string? currentKey;

    public ModelLease Get(string key, Func<SpecNet> build)
    {
        lock (gate)
        {
            if (currentKey != key || current is null)
            {
                if (current is not null)
                {
                    current.Evicted = true;
                    if (current.Leases == 0) current.Net.Dispose();
                }
                current = null; currentKey = null;
                current = new Entry(build());
                currentKey = key;
            }
            current.Leases++;
            var e = current;
            return new ModelLease(e.Net, () => Release(e));
        }
    }

    void Release(object entry)
    {
        var e = (Entry)entry;
        lock (gate)
            if (--e.Leases == 0 && e.Evicted) e.Net.Dispose();
    }
}
