package app

import (
	"time"

	"github.com/goframe/goframe/framework/auth"
)

// Post is a blog post, Flask's tutorial's "post" table: its author, a
// title, a body, and when it was written. Deleting the author deletes
// their posts; deleting a post deletes its comments.
type Post struct {
	ID       int64     `db:"id"`
	AuthorID int64     `db:"author_id" orm:"fk:User;on_delete:cascade"`
	Title    string    `db:"title" orm:"size:200"`
	Body     string    `db:"body"`
	Created  time.Time `db:"created" orm:"created;index"`
	Updated  time.Time `db:"updated" orm:"updated"`

	// Author is the post's author, loaded by Preload("Author").
	Author *auth.User `orm:"rel:AuthorID"`
	// Comments are the post's comments, oldest first, loaded by
	// Preload("Comments").
	Comments []*Comment `orm:"reverse:PostID"`
}

// Comment is a logged-in user's comment on a post.
type Comment struct {
	ID       int64     `db:"id"`
	PostID   int64     `db:"post_id" orm:"fk:Post;on_delete:cascade"`
	AuthorID int64     `db:"author_id" orm:"fk:User;on_delete:cascade"`
	Body     string    `db:"body"`
	Created  time.Time `db:"created" orm:"created"`

	// Author is the comment's author, loaded by Preload("Comments.Author").
	Author *auth.User `orm:"rel:AuthorID"`
}

// MaxTitleLength is the longest title a post may have (its column's
// size).
const MaxTitleLength = 200
