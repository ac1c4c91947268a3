using CpmSim.Core.Network;
using CpmSim.Scenarios.Sip;

namespace CpmSim.Tests.Scenarios.Sip;

public class SipModelTests
{
    [Test]
    public void CallId_DerivedCalls_PrintAsTheirPath()
    {
        CallId a = CallId.ForSession(12, 1);

        Assert.That(a.ToString(), Is.EqualTo("s12-a"));
        Assert.That(CallId.ForSession(12, 2).ToString(), Is.EqualTo("s12-b"));
        Assert.That(a.Derived(1).ToString(), Is.EqualTo("s12-a/1"));
        Assert.That(a.DerivedByControllingFunction().Derived(2).ToString(), Is.EqualTo("s12-a/cf/2"));
        Assert.That(a.Derived(2).Session, Is.EqualTo(12));
        Assert.That(a.Derived(1), Is.Not.EqualTo(a.Derived(2)));
    }

    [Test]
    public void CallId_ThirdDerivation_IsRefused()
    {
        CallId twice = CallId.ForSession(1, 1).Derived(1).Derived(1);

        Assert.That(() => twice.Derived(1), Throws.InvalidOperationException.With.Message.Contains("more than two B2BUAs"));
        Assert.That(() => CallId.ForSession(1, 27), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void NodeList_StackAndRouteOperations()
    {
        NodeList via = NodeList.Of(new NodeId(1), new NodeId(2));
        via.Add(new NodeId(3));
        NodeList copy = via;
        via.RemoveLast();
        copy.RemoveFirst();

        Assert.That((via.Count, via.Last, via.First), Is.EqualTo((2, new NodeId(2), new NodeId(1))));
        Assert.That((copy.Count, copy.First, copy.Last), Is.EqualTo((2, new NodeId(2), new NodeId(3))), "a copy is independent");
        Assert.That(NodeList.Of(new NodeId(1), new NodeId(2)).Reversed(), Is.EqualTo(NodeList.Of(new NodeId(2), new NodeId(1))));
        Assert.That(default(NodeList).First, Is.EqualTo(NodeId.None));
    }

    [Test]
    public void NodeList_MoreHopsThanItHolds_NamesTheLimitAndALoop()
    {
        var list = default(NodeList);
        for (int i = 0; i < NodeList.Capacity; i++)
        {
            list.Add(new NodeId(i));
        }

        Assert.That(() => list.Add(new NodeId(99)), Throws.InvalidOperationException.With.Message.Contains($"more than {NodeList.Capacity} proxies").And.Message.Contains("loop"));
    }

    [Test]
    public void Sdp_NoneEmptyAndStreams_AreDistinct()
    {
        var chat = new MediaStream(MediaType.Chat, 9, new NodeId(4));
        var file = new MediaStream(MediaType.File, 9, new NodeId(4), 120_000);
        Sdp offer = Sdp.Of(chat).With(file);

        Assert.That((Sdp.None.IsNone, Sdp.Of().IsNone, Sdp.Of().Count), Is.EqualTo((true, false, 0)));
        Assert.That(offer.ToString(), Is.EqualTo("chat,file(120KB)"));
        Assert.That(Sdp.Of(chat, file.Rejected()).ToString(), Is.EqualTo("chat,file(120KB):0"));
        Assert.That(offer.AnchoredAt(new NodeId(9))[1].Endpoint, Is.EqualTo(new NodeId(9)));
        Assert.That(offer.Select(1, MediaTypes.Of(MediaType.File)).ToString(), Is.EqualTo("file(120KB)"));
        Assert.That(Sdp.Of(chat, file.Rejected()).AcceptedTypes, Is.EqualTo(MediaTypes.Of(MediaType.Chat)));
    }

    [Test]
    public void Sdp_MoreStreamsThanItHolds_IsRefused()
    {
        var s = new MediaStream(MediaType.Audio, 9, NodeId.None);
        Sdp full = Sdp.Of(s, s, s, s);

        Assert.That(() => full.With(s), Throws.InvalidOperationException.With.Message.Contains($"more than {Sdp.Capacity} media streams"));
        Assert.That(() => Sdp.Of(s, s, s, s, s), Throws.ArgumentException);
    }

    [Test]
    public void MediaStream_PortOutOfRange_IsRefused()
    {
        Assert.That(() => new MediaStream(MediaType.Chat, 70_000, NodeId.None), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(new MediaStream(MediaType.Chat, 65_535, NodeId.None).Port, Is.EqualTo(65_535));
    }

    [Test]
    public void SipRequest_ForwardedBy_ChangesTheHeldRequestButCopiesARetainedOne()
    {
        var pools = new SipMessagePools();
        SipRequest held = pools.Request();
        held.Method = SipMethod.Invite;
        held.Via = NodeList.Of(new NodeId(0));
        held.Route = NodeList.Of(new NodeId(1), new NodeId(2));

        NodeList rest = held.Route;
        rest.RemoveFirst();
        SipRequest forwarded = held.ForwardedBy(new NodeId(1), rest, recordRoute: true, interworkingDecided: true, pools);

        Assert.That(forwarded, Is.SameAs(held));
        Assert.That((forwarded.Via.Count, forwarded.Route.First, forwarded.RecordRoute.Last, forwarded.InterworkingDecided), Is.EqualTo((2, new NodeId(2), new NodeId(1), true)));

        SipRequest kept = pools.Request();
        kept.Via = NodeList.Of(new NodeId(0));
        kept.Retain();
        SipRequest copy = kept.ForwardedBy(new NodeId(1), default, recordRoute: false, interworkingDecided: false, pools);

        Assert.That(copy, Is.Not.SameAs(kept));
        Assert.That((kept.Via.Count, copy.Via.Count), Is.EqualTo((1, 2)), "the retained request is unchanged");
    }
}
