package app

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/goframe/goframe/orm"
)

// listPosts returns page number of the posts, newest first, with their
// authors: three queries whatever the number of posts (a count, the
// page's posts, their authors). The number is read as Django's
// Paginator.get_page reads it: one that is not a number gives the first
// page, one out of range (below 1 or past the end) the last.
func listPosts(ctx context.Context, db orm.Queryer, number string) (*orm.Page[Post], error) {
	n, err := strconv.Atoi(number)
	if err != nil {
		n = 1
	}
	qs := orm.Objects[Post](db).OrderBy("-created", "-id").Preload("Author")
	page, err := orm.Paginate(ctx, qs, n, PostsPerPage)
	if errors.Is(err, orm.ErrPageOutOfRange) {
		var count int64
		count, err = qs.Count(ctx)
		if err != nil {
			return nil, fmt.Errorf("blog: counting the posts: %w", err)
		}
		last := max(1, int((count+PostsPerPage-1)/PostsPerPage))
		page, err = orm.Paginate(ctx, qs, last, PostsPerPage)
	}
	if err != nil {
		return nil, fmt.Errorf("blog: listing the posts (page %d): %w", n, err)
	}
	return page, nil
}

// getPost returns the post id with its author and, with comments, its
// comments (oldest first) and their authors: two or four queries. A
// post that does not exist is orm.ErrNotFound.
func getPost(ctx context.Context, db orm.Queryer, id int64, comments bool) (*Post, error) {
	rels := []string{"Author"}
	if comments {
		rels = append(rels, "Comments", "Comments.Author")
	}
	p, err := orm.Objects[Post](db).Filter("id", id).Preload(rels...).Get(ctx)
	if err != nil {
		return nil, fmt.Errorf("blog: post %d: %w", id, err)
	}
	return p, nil
}
