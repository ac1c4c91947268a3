using System.Diagnostics;
using System.Runtime.CompilerServices;
using CpmSim.Scenarios.Sip;

namespace CpmSim.Scenarios.Sip;

/// <summary>
/// The per-call (or per-session) state of a node: values in one growing array, reused through a free
/// list, so that holding 10⁵ calls costs a few large arrays instead of 10⁵ objects the garbage
/// collector must trace. A slot is named outside the table (in a timer, a dictionary) by a handle
/// that also carries the slot's generation, so a handle kept past the end of its call is recognised
/// as stale instead of reaching the call that reused the slot.
/// </summary>
internal sealed class SlotTable<T> : ICallStateTable
    where T : struct
{
    /// <summary>Bits of a handle that name the slot; the generation takes the bits above.</summary>
    public const int SlotBits = 24;

    /// <summary>Bits a handle takes in all.</summary>
    public const int HandleBits = 53;

    private const int MaxSlots = 1 << SlotBits;
    private const long GenerationMask = (1L << (HandleBits - SlotBits)) - 1;

    // A value and its slot's generation side by side: resolving a handle reads the line the value is on.
    private Entry[] _items = new Entry[16];
    private int[] _free = new int[16];
    private int _freeCount;
    private int _used;

    /// <summary>Slots in use.</summary>
    public int Count { get; private set; }

    /// <summary>Takes a free slot, its value reset to <c>default</c>.</summary>
    public int Add()
    {
        int slot;
        if (_freeCount > 0)
        {
            slot = _free[--_freeCount];
        }
        else
        {
            if (_used == _items.Length)
            {
                if (_used == MaxSlots)
                {
                    throw new InvalidOperationException($"More than {MaxSlots} calls in progress at one node.");
                }

                int n = Math.Min(MaxSlots, _items.Length * 2);
                Array.Resize(ref _items, n);
                Array.Resize(ref _free, n);
            }

            slot = _used++;
        }

        ref long generation = ref _items[slot].Generation;
        generation = (generation + 1) & GenerationMask;
        Count++;
        return slot;
    }

    /// <summary>The value in a slot in use.</summary>
    public ref T this[int slot]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => ref _items[slot].Value;
    }

    /// <summary>Frees every slot (a node crashed); every handle given out so far becomes stale.</summary>
    public void Clear()
    {
        for (int slot = 0; slot < _used; slot++)
        {
            ref Entry entry = ref _items[slot];
            entry.Value = default;
            if ((entry.Generation & 1) == 1)
            {
                entry.Generation = (entry.Generation + 1) & GenerationMask; // in use (odd): now free (even), its handles stale
            }

            _free[slot] = _used - 1 - slot; // the lowest slots are taken first again
        }

        _freeCount = _used;
        Count = 0;
    }

    /// <summary>Frees a slot; handles to it become stale.</summary>
    public void Remove(int slot)
    {
        ref Entry entry = ref _items[slot];
        entry.Value = default;
        entry.Generation = (entry.Generation + 1) & GenerationMask;
        _free[_freeCount++] = slot;
        Count--;
    }

    /// <summary>The reference to a slot in use (what a timer or a tag carries to find it again).</summary>
    public CallRef RefOf(int slot) => new(HandleOf(slot));

    /// <summary>The slot a reference names, when the slot still holds the value it was made for.</summary>
    public bool TryResolve(CallRef reference, out int slot) => TryResolve(reference.Tag, out slot);

    /// <summary>
    /// The slot of a dialog: the one this node's tag in the message names, if that slot still holds
    /// the dialog (<paramref name="callIdOf"/> of it is <paramref name="callId"/>); else the one
    /// <paramref name="index"/> has for the Call-ID. In debug builds the two are checked to agree.
    /// </summary>
    public bool TryFind(CallRef tag, CallId callId, Dictionary<CallId, int> index, CallIdOf callIdOf, out int slot)
    {
        if (!tag.IsNone && TryResolve(tag, out slot) && callIdOf(in _items[slot].Value) == callId)
        {
            Debug.Assert(index.TryGetValue(callId, out int indexed) && indexed == slot, "tag and Call-ID name the same call");
            return true;
        }

        return index.TryGetValue(callId, out slot);
    }

    /// <summary>The Call-ID a value belongs to (read in place).</summary>
    public delegate CallId CallIdOf(in T value);

    /// <summary>A handle for a slot in use (fits <see cref="HandleBits"/> bits).</summary>
    public long HandleOf(int slot) => (_items[slot].Generation << SlotBits) | (uint)slot;

    /// <summary>The slot a handle names, when the slot still holds the value it was made for.</summary>
    public bool TryResolve(long handle, out int slot)
    {
        slot = (int)(handle & (MaxSlots - 1));
        if (slot >= _used)
        {
            return false;
        }

        long generation = _items[slot].Generation;
        return generation == handle >> SlotBits && (generation & 1) == 1;
    }

    /// <summary>A slot: its value, and its generation (odd while in use), which a handle must carry to name it.</summary>
    private struct Entry
    {
        public T Value;
        public long Generation;
    }
}
