using CpmSim.Core.Network;

namespace CpmSim.Scenarios.Sip;

/// <summary>The media a node has noted per traced session (the seed's "session" states).</summary>
public abstract partial class SipNode
{
    private readonly Dictionary<long, HashSet<(NodeId Endpoint, MediaType Type)>> _notedMedia = []; // media noted per traced session

    /// <summary>
    /// Notes a "session" state for each media endpoint of <paramref name="answer"/> this node had no
    /// stream with before in <paramref name="session"/> (traced sessions only): seed steps 1 and 23.
    /// Call <see cref="ForgetNotedMedia"/> when the session's call state goes.
    /// </summary>
    protected void NoteNewMedia(long session, Sdp answer)
    {
        if (answer.IsNone || !IsTraced(session))
        {
            return;
        }

        if (!_notedMedia.TryGetValue(session, out HashSet<(NodeId Endpoint, MediaType Type)>? established))
        {
            established = [];
            _notedMedia.Add(session, established);
        }

        var peers = new List<NodeId>();
        var fresh = new Dictionary<NodeId, List<MediaStream>>();
        foreach (MediaStream m in answer.Streams)
        {
            if (m.IsRejected)
            {
                continue;
            }

            if (!fresh.TryGetValue(m.Endpoint, out List<MediaStream>? list))
            {
                list = [];
                fresh.Add(m.Endpoint, list);
                peers.Add(m.Endpoint);
            }

            if (established.Add((m.Endpoint, m.Type)))
            {
                list.Add(m);
            }
        }

        foreach (NodeId peer in peers)
        {
            if (fresh[peer].Count > 0)
            {
                NoteState("session", Network.NameOf(peer), session, string.Join(",", fresh[peer]));
            }
        }
    }

    /// <summary>Drops what <see cref="NoteNewMedia"/> remembers of <paramref name="session"/>.</summary>
    protected void ForgetNotedMedia(long session) => _notedMedia.Remove(session);
}
