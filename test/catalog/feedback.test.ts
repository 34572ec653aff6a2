import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { feedbackRatings, feedbackReviews } from '../../src/db/schema/feedback';
import { addMember, withDb } from '../helpers/db';
import { api, expectError, expectReferenceShape, roundTrips } from '../helpers/http';
import { newTenant, type SignedIn } from '../helpers/identity';

const RATING = '/api/v1/secure/feedback/rating';
const RATING_ONE = '/api/v1/secure/feedback/rating/{id}';
const REVIEW = '/api/v1/secure/feedback/review';
const REVIEW_ONE = '/api/v1/secure/feedback/review/{id}';
const FLAG = '/api/v1/secure/feedback/review/{id}/flag';
const AGG = '/api/v1/secure/feedback/{entityType}/{entityId}/aggregates';
const RATINGS = '/api/v1/secure/feedback/{entityType}/{entityId}/ratings';
const REVIEWS = '/api/v1/secure/feedback/{entityType}/{entityId}/reviews';
const path = (tpl: string, v: Record<string, string>) => tpl.replace(/\{(\w+)\}/g, (_, k: string) => v[k]!);
const app = (as: SignedIn) => ({ entityType: 'app', entityId: as.tenantId });

async function rate(as: SignedIn, value: number, extra: Record<string, unknown> = {}) {
  const res = await api(RATING, { method: 'POST', headers: as.auth, json: { ...app(as), ratingType: 'stars', value, ...extra } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.data;
}

async function review(as: SignedIn, ratingId: string, extra: Record<string, unknown> = {}) {
  const res = await api(REVIEW, { method: 'POST', headers: as.auth, json: { ratingId, content: 'A thoughtful review of the app.', ...extra } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.data;
}

const ratingsOf = (tenantId: string) => withDb((db) => db.select().from(feedbackRatings).where(eq(feedbackRatings.tenantId, tenantId)));
const reviewsOf = (tenantId: string) => withDb((db) => db.select().from(feedbackReviews).where(eq(feedbackReviews.tenantId, tenantId)));
const ids = (res: { body: { data: { id: string }[] } }) => res.body.data.map((r) => r.id).sort();

describe('feedback: ratings', () => {
  it('rates the app once per user and type: a second submission updates the same rating', async () => {
    const owner = await newTenant();
    const res = await api(RATING, { method: 'POST', headers: owner.auth, json: { ...app(owner), ratingType: 'stars', value: 4 } });
    expect(res.status).toBe(200);
    expectReferenceShape('POST', RATING, res);
    expect(res.body.data).toMatchObject({ tenantId: owner.tenantId, user_id: owner.userId, entity_type: 'app', entity_id: owner.tenantId, rating_type: 'stars', value: 4, is_public: true });
    const again = await rate(owner, 2, { isPublic: false });
    expect(again).toMatchObject({ id: res.body.data.id, value: 2, is_public: false });
    const hearts = await rate(owner, 5, { ratingType: 'hearts' });
    expect(hearts.id).not.toBe(res.body.data.id);
    // Visibility is kept when not given again.
    expect((await rate(owner, 3)).is_public).toBe(false);
    expect(await ratingsOf(owner.tenantId)).toHaveLength(2);

    const put = await api(path(RATING_ONE, { id: again.id }), { method: 'PUT', headers: owner.auth, json: { value: 5, isPublic: true } });
    expect(put.status).toBe(200);
    expectReferenceShape('PUT', RATING_ONE, put);
    expect(put.body.data).toMatchObject({ id: again.id, value: 5, is_public: true });
  });

  it('concurrent first ratings of one user end as one row', async () => {
    const owner = await newTenant();
    const results = await Promise.all([1, 2, 3, 4].map((v) => api(RATING, { method: 'POST', headers: owner.auth, json: { ...app(owner), ratingType: 'stars', value: v } })));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(new Set(results.map((r) => r.body.data.id)).size).toBe(1);
    expect(await ratingsOf(owner.tenantId)).toHaveLength(1);
  });

  it('refuses values other than whole 1..5 and other invalid bodies with 400, writing nothing', async () => {
    const owner = await newTenant();
    for (const json of [
      { ...app(owner), ratingType: 'stars', value: 0 },
      { ...app(owner), ratingType: 'stars', value: 6 },
      { ...app(owner), ratingType: 'stars', value: 3.5 },
      { ...app(owner), ratingType: 'stars', value: '4' },
      { ...app(owner), ratingType: 'thumbs', value: 4 },
      { ...app(owner), entityType: 'planet', ratingType: 'stars', value: 4 },
      { ...app(owner), entityId: 'not-a-uuid', ratingType: 'stars', value: 4 },
      { ...app(owner), ratingType: 'stars', value: 4, extra: 1 },
      { ...app(owner), ratingType: 'stars' },
    ]) {
      const res = await api(RATING, { method: 'POST', headers: owner.auth, json });
      expectError(res, 400, 'VALIDATION_ERROR');
    }
    const r = await rate(owner, 3);
    for (const json of [{ value: 9 }, { value: 2.5 }, {}, { ratingType: 'hearts' }]) {
      expectError(await api(path(RATING_ONE, { id: r.id }), { method: 'PUT', headers: owner.auth, json }), 400, 'VALIDATION_ERROR');
    }
    const rows = await ratingsOf(owner.tenantId);
    expect(rows.map((x) => x.value)).toEqual([3]);
  });

  it('404s entities of other tenants and types not registered yet, writing nothing', async () => {
    const [a, b] = [await newTenant(), await newTenant()];
    const foreign = await api(RATING, { method: 'POST', headers: a.auth, json: { entityType: 'app', entityId: b.tenantId, ratingType: 'stars', value: 5 } });
    expectError(foreign, 404, 'NOT_FOUND');
    // Spaces, resources and bookings answer 404 until their areas register them.
    const space = await api(RATING, { method: 'POST', headers: a.auth, json: { entityType: 'space', entityId: crypto.randomUUID(), ratingType: 'stars', value: 5 } });
    expectError(space, 404, 'NOT_FOUND');
    expect(await ratingsOf(a.tenantId)).toHaveLength(0);
    for (const tpl of [AGG, RATINGS, REVIEWS]) {
      const res = await api(path(tpl, { entityType: 'app', entityId: b.tenantId }), { headers: a.auth });
      expectError(res, 404, 'NOT_FOUND');
    }
  });

  it('lets only the author change a rating; author or moderator delete it, with its review', async () => {
    const owner = await newTenant();
    const [m1, m2, manager] = [await addMember(owner.tenantId), await addMember(owner.tenantId), await addMember(owner.tenantId, 'manager')];
    const r1 = await rate(m1, 4);
    const rv = await review(m1, r1.id);
    const put = await api(path(RATING_ONE, { id: r1.id }), { method: 'PUT', headers: m2.auth, json: { value: 1 } });
    expectError(put, 403, 'FORBIDDEN');
    expectError(await api(path(RATING_ONE, { id: r1.id }), { method: 'PUT', headers: owner.auth, json: { value: 1 } }), 403, 'FORBIDDEN');
    expectError(await api(path(RATING_ONE, { id: r1.id }), { method: 'DELETE', headers: m2.auth }), 403, 'FORBIDDEN');
    // Managers do not moderate.
    expectError(await api(path(RATING_ONE, { id: r1.id }), { method: 'DELETE', headers: manager.auth }), 403, 'FORBIDDEN');
    expect((await ratingsOf(owner.tenantId))[0]!.value).toBe(4);

    expect((await api(path(RATING_ONE, { id: r1.id }), { method: 'DELETE', headers: owner.auth })).status).toBe(204);
    expect(await ratingsOf(owner.tenantId)).toHaveLength(0);
    expect(await reviewsOf(owner.tenantId)).toHaveLength(0);
    expectError(await api(path(REVIEW_ONE, { id: rv.id }), { method: 'PUT', headers: m1.auth, json: { content: 'Still here after all?' } }), 404, 'NOT_FOUND');

    const r2 = await rate(m2, 5);
    expect((await api(path(RATING_ONE, { id: r2.id }), { method: 'DELETE', headers: m2.auth })).status).toBe(204);
    expectError(await api(path(RATING_ONE, { id: r2.id }), { method: 'DELETE', headers: m2.auth }), 404, 'NOT_FOUND');
  });

  it('needs credentials and feedback:write (guests and API keys cannot rate)', async () => {
    const owner = await newTenant();
    const guest = await addMember(owner.tenantId, 'guest');
    expectError(await api(RATING, { method: 'POST', json: { ...app(owner), ratingType: 'stars', value: 3 } }), 401);
    expectError(await api(path(AGG, app(owner))), 401);
    expectError(await api(RATING, { method: 'POST', headers: guest.auth, json: { ...app(owner), ratingType: 'stars', value: 3 } }), 403);
    expectError(await api(path(RATINGS, app(owner)), { headers: guest.auth }), 403);
    expect(await ratingsOf(owner.tenantId)).toHaveLength(0);
  });
});

describe('feedback: reviews', () => {
  it('reviews one\'s own rating (one per rating), edited by the author only', async () => {
    const owner = await newTenant();
    const [m1, m2] = [await addMember(owner.tenantId), await addMember(owner.tenantId)];
    const r1 = await rate(m1, 5, { isPublic: false });
    const res = await api(REVIEW, { method: 'POST', headers: m1.auth, json: { ratingId: r1.id, content: 'Lovely app, works well.', attachments: [{ media_id: crypto.randomUUID(), media_type: 'image', url: 'https://cdn.example.test/a.png' }] } });
    expect(res.status).toBe(200);
    expectReferenceShape('POST', REVIEW, res);
    // Without isPublic a review follows its rating's visibility.
    expect(res.body.data).toMatchObject({ rating_id: r1.id, user_id: m1.userId, is_public: false, is_flagged: false, flagged_reason: null, flagged_at: null, flagged_by: null });
    expect(res.body.data.attachments).toHaveLength(1);
    const again = await review(m1, r1.id, { content: 'Changed my mind, it is great.', isPublic: true });
    expect(again).toMatchObject({ id: res.body.data.id, content: 'Changed my mind, it is great.', is_public: true });
    expect(await reviewsOf(owner.tenantId)).toHaveLength(1);

    // Someone else's rating: 404, nothing written.
    const stolen = await api(REVIEW, { method: 'POST', headers: m2.auth, json: { ratingId: r1.id, content: 'Hijacking this rating' } });
    expectError(stolen, 404, 'NOT_FOUND');
    expect(stolen.body.details.reason).toBe('RATING_NOT_FOUND');

    const put = await api(path(REVIEW_ONE, { id: again.id }), { method: 'PUT', headers: m1.auth, json: { content: 'Final words on the app.' } });
    expect(put.status).toBe(200);
    expectReferenceShape('PUT', REVIEW_ONE, put);
    expect(put.body.data.content).toBe('Final words on the app.');
    expectError(await api(path(REVIEW_ONE, { id: again.id }), { method: 'PUT', headers: m2.auth, json: { content: 'Not my review at all' } }), 403, 'FORBIDDEN');
    expectError(await api(path(REVIEW_ONE, { id: again.id }), { method: 'DELETE', headers: m2.auth }), 403, 'FORBIDDEN');
    expect((await reviewsOf(owner.tenantId))[0]!.content).toBe('Final words on the app.');
    expect((await api(path(REVIEW_ONE, { id: again.id }), { method: 'DELETE', headers: m1.auth })).status).toBe(204);
    expect(await reviewsOf(owner.tenantId)).toHaveLength(0);
    expect(await ratingsOf(owner.tenantId)).toHaveLength(1);
  });

  it('a review racing the deletion of its rating ends with neither, never a 500', async () => {
    const owner = await newTenant();
    for (let i = 0; i < 3; i++) {
      const r = await rate(owner, 3);
      const [del, rev] = await Promise.all([
        api(path(RATING_ONE, { id: r.id }), { method: 'DELETE', headers: owner.auth }),
        api(REVIEW, { method: 'POST', headers: owner.auth, json: { ratingId: r.id, content: 'Racing the delete of my rating' } }),
      ]);
      expect(del.status).toBe(204);
      expect([200, 404]).toContain(rev.status);
      expect(await reviewsOf(owner.tenantId)).toHaveLength(0);
    }
  });

  it('refuses invalid reviews with 400, writing nothing', async () => {
    const owner = await newTenant();
    const r = await rate(owner, 4);
    for (const json of [
      { ratingId: r.id, content: 'too short' },
      { ratingId: r.id, content: 'x'.repeat(5001) },
      { ratingId: 'nope', content: 'Long enough content' },
      { ratingId: r.id, content: 'Long enough content', attachments: [{ media_id: crypto.randomUUID(), media_type: 'audio', url: 'https://x.test/a' }] },
      { ratingId: r.id, content: 'Long enough content', attachments: [{ media_id: crypto.randomUUID(), media_type: 'image', url: 'not a url' }] },
      { ratingId: r.id, content: 'Long enough\u0000content' },
    ]) {
      expect((await api(REVIEW, { method: 'POST', headers: owner.auth, json })).status, JSON.stringify(json).slice(0, 60)).toBe(400);
    }
    const rv = await review(owner, r.id);
    expectError(await api(path(REVIEW_ONE, { id: rv.id }), { method: 'PUT', headers: owner.auth, json: {} }), 400, 'VALIDATION_ERROR');
    expectError(await api(path(FLAG, { id: rv.id }), { method: 'POST', headers: owner.auth, json: { reason: '   ' } }), 400, 'VALIDATION_ERROR');
    expectError(await api(path(FLAG, { id: rv.id }), { method: 'POST', headers: owner.auth, json: {} }), 400, 'VALIDATION_ERROR');
    const rows = await reviewsOf(owner.tenantId);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.isFlagged).toBe(false);
  });

  it('moderators flag reviews; flagged and private feedback shows only to authors and moderators', async () => {
    const owner = await newTenant();
    const [m1, m2] = [await addMember(owner.tenantId), await addMember(owner.tenantId)];
    const pub = await rate(m1, 5);
    const pubReview = await review(m1, pub.id);
    const priv = await rate(m2, 1, { isPublic: false });
    const privReview = await review(m2, priv.id);

    expectError(await api(path(FLAG, { id: pubReview.id }), { method: 'POST', headers: m2.auth, json: { reason: 'Spam' } }), 403, 'FORBIDDEN');
    const flag = await api(path(FLAG, { id: pubReview.id }), { method: 'POST', headers: owner.auth, json: { reason: 'Off-topic advertising' } });
    expect(flag.status).toBe(200);
    expectReferenceShape('POST', FLAG, flag);
    expect(flag.body.data).toMatchObject({ is_flagged: true, flagged_reason: 'Off-topic advertising', flagged_by: owner.userId });
    expect(flag.body.data.flagged_at).toEqual(expect.any(String));

    const ratings = (as: SignedIn) => api(path(RATINGS, app(owner)), { headers: as.auth });
    const reviews = (as: SignedIn) => api(path(REVIEWS, app(owner)), { headers: as.auth });
    const listed = await ratings(m1);
    expect(listed.status).toBe(200);
    expectReferenceShape('GET', RATINGS, listed);
    expect(roundTrips(listed).roundTrips).toBe(1);
    expect(ids(listed)).toEqual([pub.id]);
    expect(ids(await ratings(m2))).toEqual([pub.id, priv.id].sort());
    expect(ids(await ratings(owner))).toEqual([pub.id, priv.id].sort());

    const rv1 = await reviews(m1);
    expectReferenceShape('GET', REVIEWS, rv1);
    expect(roundTrips(rv1).roundTrips).toBe(1);
    expect(ids(rv1)).toEqual([pubReview.id]); // the author sees their flagged review
    expect(ids(await reviews(m2))).toEqual([privReview.id]); // not m1's flagged one
    const modView = await reviews(owner);
    expect(ids(modView)).toEqual([pubReview.id, privReview.id].sort());
    expect(roundTrips(modView).roundTrips).toBe(1);
    expect(ids(await api(`${path(RATINGS, app(owner))}?rating_type=hearts`, { headers: owner.auth }))).toEqual([]);
  });

  it('404s another tenant\'s ratings and reviews in paths and bodies, changing nothing', async () => {
    const [a, b] = [await newTenant(), await newTenant()];
    const r = await rate(a, 4);
    const rv = await review(a, r.id, { content: 'A private opinion of A' });
    for (const res of [
      await api(path(RATING_ONE, { id: r.id }), { method: 'PUT', headers: b.auth, json: { value: 1 } }),
      await api(path(RATING_ONE, { id: r.id }), { method: 'DELETE', headers: b.auth }),
      await api(path(REVIEW_ONE, { id: rv.id }), { method: 'PUT', headers: b.auth, json: { content: 'Overwritten by B!' } }),
      await api(path(REVIEW_ONE, { id: rv.id }), { method: 'DELETE', headers: b.auth }),
      await api(path(FLAG, { id: rv.id }), { method: 'POST', headers: b.auth, json: { reason: 'B flags A' } }),
      await api(REVIEW, { method: 'POST', headers: b.auth, json: { ratingId: r.id, content: 'B reviews A rating' } }),
    ]) {
      expectError(res, 404, 'NOT_FOUND');
      expect(JSON.stringify(res.body)).not.toContain('private opinion');
    }
    expect((await ratingsOf(a.tenantId))[0]!.value).toBe(4);
    const [row] = await reviewsOf(a.tenantId);
    expect(row).toMatchObject({ content: 'A private opinion of A', isFlagged: false });
    expect(await reviewsOf(b.tenantId)).toHaveLength(0);
  });
});

describe('feedback: aggregates', () => {
  it('counts every rating of one type, private ones too', async () => {
    const owner = await newTenant();
    const members = [await addMember(owner.tenantId), await addMember(owner.tenantId), await addMember(owner.tenantId)];
    await rate(owner, 5);
    await rate(members[0]!, 4, { isPublic: false });
    await rate(members[1]!, 4);
    await rate(members[2]!, 1, { isPublic: false });
    await rate(members[2]!, 2, { ratingType: 'hearts' });
    const res = await api(path(AGG, app(owner)), { headers: members[0]!.auth });
    expect(res.status).toBe(200);
    expectReferenceShape('GET', AGG, res);
    expect(roundTrips(res).roundTrips).toBe(1);
    expect(res.body.data).toEqual({
      entity_type: 'app',
      entity_id: owner.tenantId,
      rating_type: 'stars',
      total_count: 4,
      average_rating: 3.5,
      distribution: { 1: 1, 2: 0, 3: 0, 4: 2, 5: 1 },
      public_count: 2,
      private_count: 2,
    });
    const hearts = await api(`${path(AGG, app(owner))}?rating_type=hearts`, { headers: owner.auth });
    expect(hearts.body.data).toMatchObject({ rating_type: 'hearts', total_count: 1, average_rating: 2, distribution: { 1: 0, 2: 1, 3: 0, 4: 0, 5: 0 } });
    const none = await newTenant();
    expect((await api(path(AGG, app(none)), { headers: none.auth })).body.data).toMatchObject({ total_count: 0, average_rating: 0, public_count: 0, private_count: 0 });
    expectError(await api(`${path(AGG, app(owner))}?rating_type=thumbs`, { headers: owner.auth }), 400, 'VALIDATION_ERROR');
  });

  it('stays one round trip and exact over 10,000 ratings', async () => {
    const owner = await newTenant();
    // 10,000 raters with values 1..5 in turn, every third one private.
    await withDb((db) =>
      db.execute(sql`
        with raters as (
          insert into users (tenant_id, email)
          select ${owner.tenantId}::uuid, 'rater-' || g || '-' || ${owner.tenantId} || '@example.test' from generate_series(1, 10000) g
          returning id, email
        )
        insert into feedback_ratings (tenant_id, user_id, entity_type, entity_id, rating_type, value, is_public)
        select ${owner.tenantId}::uuid, id, 'app', ${owner.tenantId}::uuid, 'stars',
               (split_part(split_part(email, '-', 2), '-', 1)::int % 5) + 1, split_part(split_part(email, '-', 2), '-', 1)::int % 3 <> 0
        from raters`),
    );
    // The bulk insert outlasts the isolate's security cache (SECURITY_CACHE_SECONDS): the first request
    // after it re-reads the policy; the route's own cost is what the next one shows.
    await api(path(AGG, app(owner)), { headers: owner.auth });
    const started = Date.now();
    const res = await api(path(AGG, app(owner)), { headers: owner.auth });
    const ms = Date.now() - started;
    expect(res.status).toBe(200);
    expect(roundTrips(res).roundTrips).toBe(1);
    expect(res.body.data).toMatchObject({ total_count: 10000, average_rating: 3, distribution: { 1: 2000, 2: 2000, 3: 2000, 4: 2000, 5: 2000 }, private_count: 3333, public_count: 6667 });
    expect(ms).toBeLessThan(2000);
  });
});
