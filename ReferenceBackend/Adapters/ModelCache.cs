using KerasVis.Reference.Models;

namespace KerasVis.ReferenceBackend.Adapters;

/// <summary>
/// Keeps the models built in this process, least recently used first out, while their parameters fit in
/// <see cref="BudgetBytes"/> (default 1.25 GB: two VGG16s and the lab models), so cases on the same model, weights and
/// device share one build even when other models' cases come between (make run builds each model once). A model is
/// handed out as a <see cref="ModelLease"/>; an evicted model is disposed only when its last lease ends, so concurrent
/// callers never see a disposed model. The model just built is always kept, even alone over the budget.
/// </summary>
public sealed class ModelCache(long budgetBytes = ModelCache.DefaultBudget)
{
    public const long DefaultBudget = 1_250_000_000;

    sealed class Entry(string key, SpecNet net)
    {
        public string Key { get; } = key;
        public SpecNet Net { get; } = net;
        public long Bytes { get; } = net.parameters().Sum(p => p.numel() * p.element_size());
        public int Leases;
        public bool Evicted;
    }

    public static ModelCache Shared { get; } = new();

    public long BudgetBytes { get; } = budgetBytes;

    readonly object gate = new();
    readonly LinkedList<Entry> entries = new();   // most recently used first

    /// <summary>How many models are held now (for tests and diagnostics).</summary>
    public int Count { get { lock (gate) return entries.Count; } }

    public ModelLease Get(string key, Func<SpecNet> build)
    {
        lock (gate)
        {
            var node = entries.First;
            while (node is not null && node.Value.Key != key) node = node.Next;
            if (node is null) node = new LinkedListNode<Entry>(new Entry(key, build()));
            else entries.Remove(node);
            entries.AddFirst(node);
            long held = entries.Sum(e => e.Bytes);
            while (held > BudgetBytes && entries.Last != node)
            {
                var old = entries.Last!.Value;
                entries.RemoveLast();
                held -= old.Bytes;
                old.Evicted = true;
                if (old.Leases == 0) old.Net.Dispose();
            }
            var e = node.Value;
            e.Leases++;
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
